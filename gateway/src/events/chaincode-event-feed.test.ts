import type { ChaincodeEvent, ChaincodeEventsOptions, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ChaincodeEventFeed } from './chaincode-event-feed';
import { EventLog } from './event-log';

const PHONE = 'device:0x1111111111111111111111111111111111111111';

function chaincodeEvent(blockNumber: bigint, transactionId: string, chaincodeName = 'mobility'): ChaincodeEvent {
  const payload = { version: 1, txId: transactionId, notices: [{ type: 't.N', to: [PHONE], data: {} }] };
  return { blockNumber, transactionId, chaincodeName, eventName: 't.N', payload: Buffer.from(JSON.stringify(payload)) };
}

/**
 * A stand-in for the peer's ChaincodeEvents service over a fixed chain of events: it honours the
 * checkpoint the way Fabric does (start block, then after the checkpointed transaction), and each
 * scripted session may break after some events.
 */
class ScriptedPeer {
  readonly requests: { blockNumber?: bigint; transactionId?: string; startBlock?: bigint }[] = [];
  constructor(
    private readonly chain: ChaincodeEvent[],
    private readonly breakAfter: number[],
  ) {}

  async getChaincodeEvents(_name: string, options?: ChaincodeEventsOptions): Promise<CloseableAsyncIterable<ChaincodeEvent>> {
    const blockNumber = options?.checkpoint?.getBlockNumber();
    const transactionId = options?.checkpoint?.getTransactionId();
    this.requests.push({ blockNumber, transactionId, startBlock: options?.startBlock });
    const start = blockNumber ?? options?.startBlock ?? 0n;
    let events = this.chain.filter((event) => event.blockNumber >= start);
    if (transactionId) {
      const at = events.findIndex((event) => event.transactionId === transactionId);
      if (at >= 0) events = events.slice(at + 1);
    }
    const limit = this.breakAfter[this.requests.length - 1];
    let close: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (close = resolve));
    async function* session(): AsyncGenerator<ChaincodeEvent> {
      for (const [index, event] of events.entries()) {
        if (limit !== undefined && index === limit) throw new Error('UNAVAILABLE: connection dropped');
        yield event;
      }
      await closed; // a live stream waits for new blocks until closed
    }
    return { [Symbol.asyncIterator]: session, close: () => close() } as unknown as CloseableAsyncIterable<ChaincodeEvent>;
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('events: the chaincode event feed', () => {
  let dir: string;
  let log: EventLog;
  const logger = pino({ level: 'silent' });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'event-feed-'));
    log = await EventLog.open(dir);
  });

  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reopens a broken stream from the persisted checkpoint: every event once, in order', async () => {
    const chain = [chaincodeEvent(1n, 'a'), chaincodeEvent(1n, 'b'), chaincodeEvent(2n, 'c'), chaincodeEvent(3n, 'other', 'othercc'), chaincodeEvent(4n, 'd')];
    const peer = new ScriptedPeer(chain, [2, 1]);
    const errors: unknown[] = [];
    const feed = new ChaincodeEventFeed({ network: peer, chaincodeName: 'mobility', log, logger, retryDelayMs: 1, onError: (error) => errors.push(error) });
    feed.start();
    await until(() => log.checkpoint?.transactionId === 'd');
    await feed.close();
    expect(peer.requests).to.deep.equal([
      { blockNumber: undefined, transactionId: undefined, startBlock: 0n },
      { blockNumber: 1n, transactionId: 'b', startBlock: 0n },
      { blockNumber: 2n, transactionId: 'c', startBlock: 0n },
    ]);
    expect(errors).to.have.length(2);
    expect((await log.readFor(PHONE, undefined, 10)).map((notice) => `${notice.position}:${notice.txId}`)).to.deep.equal(['1.0.0:a', '1.1.0:b', '2.0.0:c', '4.0.0:d']);
  });

  it('starts an empty log at the configured block and a used log at its checkpoint', async () => {
    const chain = [chaincodeEvent(1n, 'a'), chaincodeEvent(5n, 'b'), chaincodeEvent(6n, 'c')];
    const first = new ScriptedPeer(chain, []);
    const feed = new ChaincodeEventFeed({ network: first, chaincodeName: 'mobility', log, logger, startBlock: 5n });
    feed.start();
    await until(() => log.checkpoint?.transactionId === 'c');
    await feed.close();
    expect(first.requests[0]).to.deep.include({ blockNumber: undefined, startBlock: 5n });

    const second = new ScriptedPeer([...chain, chaincodeEvent(7n, 'd')], []);
    const restarted = new ChaincodeEventFeed({ network: second, chaincodeName: 'mobility', log, logger, startBlock: 5n });
    restarted.start();
    await until(() => log.checkpoint?.transactionId === 'd');
    await restarted.close();
    expect(second.requests[0]).to.deep.include({ blockNumber: 6n, transactionId: 'c' });
    expect((await log.readFor(PHONE, undefined, 10)).map((notice) => notice.txId)).to.deep.equal(['b', 'c', 'd']);
  });

  it('close() ends a stream that is waiting for new blocks', async () => {
    const feed = new ChaincodeEventFeed({ network: new ScriptedPeer([], []), chaincodeName: 'mobility', log, logger });
    feed.start();
    await until(() => feed.isConnected);
    await feed.close();
    expect(feed.isConnected).to.equal(false);
  });
});
