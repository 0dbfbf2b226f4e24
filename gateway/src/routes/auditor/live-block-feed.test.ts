import type { common } from '@hyperledger/fabric-protos';
import { loadFabricSample } from '@mobility-ledger/auditor/dist/integrity/testing/fabric-samples';
import type { ClosableBlockStream } from '@mobility-ledger/auditor/dist/trail/gateway-ports';
import { expect } from 'chai';
import Fastify from 'fastify';
import pino from 'pino';
import type { LiveBlock } from './block-summary';
import { LiveBlockFeed } from './live-block-feed';
import { serveLiveStream } from './live-route';

/** Deliver as a peer serves it: stored blocks from the start block, then new ones as they are committed; a stream can be broken. */
class SampleDeliver {
  readonly starts: number[] = [];
  private committed: common.Block[] = [];
  private readonly waiting = new Set<() => void>();
  private readonly breakers = new Set<(error: Error) => void>();

  constructor(private readonly all: readonly common.Block[], height: number) {
    this.committed = all.slice(0, height);
  }

  commitNext(): void {
    const next = this.all[this.committed.length];
    if (!next) throw new Error('no more sample blocks');
    this.committed.push(next);
    for (const wake of [...this.waiting]) wake();
  }

  breakStreams(): void {
    for (const fail of [...this.breakers]) fail(new Error('14 UNAVAILABLE: connection reset'));
  }

  async getBlockEvents(options: { startBlock?: bigint } = {}): Promise<ClosableBlockStream> {
    let position = Number(options.startBlock ?? 0n);
    this.starts.push(position);
    let closed = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const committed = (index: number): common.Block | undefined => this.committed[index];
    const waiting = this.waiting;
    const breakers = this.breakers;
    const onBreak = (error: Error): void => {
      failure = error;
      wake?.();
    };
    this.breakers.add(onBreak);
    return {
      close: () => {
        closed = true;
        breakers.delete(onBreak);
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          if (failure) throw failure;
          const block = committed(position);
          if (block) {
            position += 1;
            yield block;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            waiting.add(resolve);
          });
          if (wake) waiting.delete(wake);
        }
      },
    };
  }
}

const logger = pino({ level: 'silent' });

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the dashboard’s live block feed', () => {
  let blocks: common.Block[];
  before(async () => {
    blocks = await loadFabricSample();
  });

  it('starts at the chain height, summarises each new block, and reopens after a break from the next block without repeats', async () => {
    const deliver = new SampleDeliver(blocks, 3);
    const feed = new LiveBlockFeed({ network: deliver, height: async () => 3, logger, minBackoffMs: 10 });
    const seen: LiveBlock[] = [];
    const subscription = await feed.subscribe((block) => seen.push(block));
    expect(subscription.nextBlock).to.equal(3);
    deliver.commitNext();
    deliver.commitNext();
    await until(() => seen.length === 2, 'blocks 3 and 4');
    deliver.breakStreams();
    deliver.commitNext();
    await until(() => seen.length === 3, 'block 5 after the break');
    expect(seen.map((block) => block.blockNumber)).to.deep.equal([3, 4, 5]);
    expect(deliver.starts).to.deep.equal([3, 5]);
    // Block 5 of the sample (auditor/src/integrity/testdata/mobility-fabric-2.5) publishes the ride-share terms.
    const [tx] = seen[2]?.transactions ?? [];
    expect(tx).to.deep.include({ txNumber: 0, validation: 'VALID', validationCode: 0, headerType: 'endorser', submitter: { mspId: 'MobilityMSP', commonName: 'User1@mobility.mobility.example' }, endorsers: ['AuditMSP', 'MobilityMSP'] });
    expect(tx?.txId).to.match(/^[0-9a-f]{64}$/);
    expect(tx?.keys).to.deep.equal(['rideshare-terms/0000000001', 'rideshare-terms-current/current']);
    expect(tx?.function).to.equal('rideshare:PublishTerms');
    subscription.unsubscribe();
    await feed.close();
  });

  it('replays retained blocks to a resuming subscriber and names the blocks it can no longer replay', async () => {
    const deliver = new SampleDeliver(blocks, 2);
    const feed = new LiveBlockFeed({ network: deliver, height: async () => 2, logger, retain: 2 });
    const first: number[] = [];
    await feed.subscribe((block) => first.push(block.blockNumber));
    for (let index = 0; index < 4; index += 1) deliver.commitNext();
    await until(() => first.length === 4, 'blocks 2-5');
    const resumed: number[] = [];
    const subscription = await feed.subscribe((block) => resumed.push(block.blockNumber), 4);
    expect(resumed).to.deep.equal([5]);
    expect(subscription.missed).to.equal(undefined);
    const late: number[] = [];
    const lateSubscription = await feed.subscribe((block) => late.push(block.blockNumber), 1);
    expect(lateSubscription.missed).to.deep.equal({ from: 2, to: 3 });
    expect(late).to.deep.equal([4, 5]);
    await feed.close();
  });

  it('streams over SSE: hello with the next block, one `block` event per block with the block number as id, `live.end` on shutdown', async () => {
    const deliver = new SampleDeliver(blocks, 6);
    const feed = new LiveBlockFeed({ network: deliver, height: async () => 6, logger });
    const shutdown = new AbortController();
    const streams = new Set<Promise<void>>();
    const app = Fastify();
    app.get('/live', (request, reply) =>
      serveLiveStream(request, reply, { feed, heartbeatMs: 60_000, retryMs: 1_000, slowClientTimeoutMs: 5_000, shutdown: shutdown.signal, track: (running) => streams.add(running) }),
    );
    app.addHook('preClose', async () => {
      shutdown.abort();
      await Promise.allSettled([...streams]);
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${url}/live`);
    expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('event: live.hello');
    await readUntil('\n\n');
    expect(text).to.contain('data: {"nextBlock":"6"}');
    deliver.commitNext();
    await readUntil('id: 6\nevent: block\ndata: {"blockNumber":6');
    const closing = app.close();
    await readUntil('event: live.end\ndata: {"reason":"shutdown"}');
    await closing;
    await feed.close();
  });
});
