import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { blockHeaderHash, verifyHashChain } from '../protoutil/block';
import type { Scheduler } from './batch-timer';
import { blockSignatures } from './block-signature';
import { tipAfter } from './block-writer';
import { type BatchConfig, batchConfigFrom } from './blockcutter';
import { createGenesisBlock } from './genesis';
import { OrderingService, type OrderingServiceOptions } from './orderer';
import { testEnvelope } from './testing/envelopes';
import { createTestSigner } from './testing/p256-signer';

/** Timers that only fire when the test says so. */
class ManualScheduler implements Scheduler {
  private readonly timers = new Map<number, { callback: () => void; ms: number }>();
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get scheduled(): number[] {
    return [...this.timers.values()].map((timer) => timer.ms);
  }

  fireAll(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const timer of due) timer.callback();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const signer = createTestSigner();
const certificates = Object.fromEntries(
  ['OemMSP', 'MobilityMSP', 'AuditMSP', 'OrdererMSP'].map((mspId) => [mspId, { caCertPem: `${mspId} CA`, tlsCaCertPem: `${mspId} TLS CA` }]),
);
const genesis = createGenesisBlock({ certificates });
const batch: BatchConfig = batchConfigFrom(consortium.batch, { maxMessageCount: 2, preferredMaxBytes: 4096, absoluteMaxBytes: 8192, batchTimeoutMs: 2000 });

interface Harness {
  readonly service: OrderingService;
  readonly blocks: common.Block[];
  readonly scheduler: ManualScheduler;
}

function harness(overrides: Partial<OrderingServiceOptions> = {}): Harness {
  const blocks: common.Block[] = [];
  const scheduler = new ManualScheduler();
  const service = new OrderingService({
    channelId: 'mobility',
    batch,
    signer,
    tip: tipAfter(genesis),
    onBlock: (block) => {
      blocks.push(block);
    },
    scheduler,
    ...overrides,
  });
  return { service, blocks, scheduler };
}

const txIdsOf = (block: common.Block | undefined): string[] =>
  (block?.getData()?.getDataList_asU8() ?? []).map((entry) => {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(entry).getPayload_asU8());
    return common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() as Uint8Array).getTxId();
  });

describe('orderer/orderer', () => {
  it('cuts a block at MaxMessageCount, chained to the genesis block and signed by the orderer', async () => {
    const { service, blocks } = harness();
    expect(await service.broadcast(testEnvelope({ txId: 'tx1' }))).to.deep.equal({ status: common.Status.SUCCESS, info: '' });
    expect(blocks).to.have.length(0);
    await service.broadcast(testEnvelope({ txId: 'tx2' }).serializeBinary());
    await service.flush();

    expect(blocks).to.have.length(1);
    const block = blocks[0] as common.Block;
    expect(block.getHeader()?.getNumber()).to.equal(1);
    expect(txIdsOf(block)).to.deep.equal(['tx1', 'tx2']);
    expect(() => verifyHashChain([genesis, block])).to.not.throw();
    const [signature] = blockSignatures(block);
    expect(signature && signer.verify(signature.signedBytes, signature.signature)).to.equal(true);
  });

  it('cuts a pending batch when the batch timer started by its first message expires', async () => {
    const { service, blocks, scheduler } = harness();
    await service.broadcast(testEnvelope({ txId: 'lonely' }));
    expect(scheduler.scheduled).to.deep.equal([2000]);
    scheduler.fireAll();
    await service.flush();
    expect(blocks.map(txIdsOf)).to.deep.equal([['lonely']]);
    expect(scheduler.scheduled).to.deep.equal([]);
  });

  it('stops the timer when a batch is cut by count and starts it again for the next pending message', async () => {
    const { service, scheduler } = harness();
    await service.broadcast(testEnvelope());
    await service.broadcast(testEnvelope());
    expect(scheduler.scheduled).to.deep.equal([]);
    await service.broadcast(testEnvelope());
    expect(scheduler.scheduled).to.deep.equal([2000]);
    await service.close();
  });

  it('cuts on a real short timeout', async () => {
    const blocks: common.Block[] = [];
    const service = new OrderingService({
      channelId: 'mobility',
      batch: { ...batch, batchTimeoutMs: 20 },
      signer,
      tip: tipAfter(genesis),
      onBlock: (block) => {
        blocks.push(block);
      },
    });
    await service.broadcast(testEnvelope({ txId: 'timed' }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(blocks.map(txIdsOf)).to.deep.equal([['timed']]);
    await service.close();
  });

  it('rejects malformed, foreign, config, oversized and unauthorised envelopes with Fabric\'s statuses', async () => {
    const { service, blocks } = harness({
      checkWriters: (signed) => {
        if (Buffer.from(signed.identity).toString() === 'intruder') {
          throw new Error('implicit policy evaluation failed - 0 sub-policies were satisfied');
        }
      },
    });
    const cases: [common.Envelope | Uint8Array, number, string][] = [
      [Uint8Array.from([0xff, 0xff, 0xff]), common.Status.BAD_REQUEST, 'error unmarshalling Envelope'],
      [new common.Envelope(), common.Status.BAD_REQUEST, 'could not determine channel ID: header not set'],
      [testEnvelope({ channelId: 'other' }), common.Status.BAD_REQUEST, 'channel creation request not allowed because the orderer system channel is not defined'],
      [testEnvelope({ type: common.HeaderType.CONFIG }), common.Status.BAD_REQUEST, 'message is of type that cannot be processed directly'],
      [testEnvelope({ type: common.HeaderType.CONFIG_UPDATE }), common.Status.BAD_REQUEST, 'config updates are not supported'],
      [testEnvelope({ dataSize: 9000 }), common.Status.BAD_REQUEST, 'exceeds maximum allowed 8192 bytes'],
      [testEnvelope({ creator: Buffer.from('intruder') }), common.Status.FORBIDDEN, 'sub-policies were satisfied: permission denied'],
    ];
    for (const [envelope, status, info] of cases) {
      const result = await service.broadcast(envelope);
      expect(result.status, info).to.equal(status);
      expect(result.info).to.contain(info);
    }
    await service.close();
    expect(blocks).to.have.length(0);
  });

  it('puts a message bigger than PreferredMaxBytes in a block of its own', async () => {
    const { service, blocks } = harness();
    await service.broadcast(testEnvelope({ txId: 'small' }));
    await service.broadcast(testEnvelope({ txId: 'big', dataSize: 5000 }));
    await service.flush();
    expect(blocks.map(txIdsOf)).to.deep.equal([['small'], ['big']]);
  });

  it('hands blocks to the consumer one at a time, in order, waiting for each', async () => {
    const gate = deferred();
    const delivered: number[] = [];
    let inFlight = 0;
    const { service } = harness({
      batch: { ...batch, maxMessageCount: 1 },
      onBlock: async (block) => {
        inFlight++;
        expect(inFlight).to.equal(1);
        if (block.getHeader()?.getNumber() === 1) await gate.promise;
        delivered.push(block.getHeader()?.getNumber() ?? -1);
        inFlight--;
      },
    });
    await service.broadcast(testEnvelope());
    let secondAccepted = false;
    const second = service.broadcast(testEnvelope()).then((result) => {
      secondAccepted = true;
      return result;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).to.deep.equal([]);
    expect(secondAccepted, 'a broadcast that cuts a block waits for the consumer to finish the previous one').to.equal(false);
    gate.resolve();
    expect((await second).status).to.equal(common.Status.SUCCESS);
    await service.broadcast(testEnvelope());
    await service.flush();
    expect(delivered).to.deep.equal([1, 2, 3]);
  });

  it('continues the chain after a restart from the last stored block', async () => {
    const first = harness();
    for (const txId of ['a', 'b', 'c', 'd']) await first.service.broadcast(testEnvelope({ txId }));
    await first.service.broadcast(testEnvelope({ txId: 'e' }));
    await first.service.close();
    expect(first.blocks.map(txIdsOf)).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]);

    const lastStored = first.blocks[first.blocks.length - 1] as common.Block;
    const second = harness({ tip: tipAfter(lastStored) });
    await second.service.broadcast(testEnvelope({ txId: 'f' }));
    await second.service.broadcast(testEnvelope({ txId: 'g' }));
    await second.service.flush();

    const resumed = second.blocks[0] as common.Block;
    expect(resumed.getHeader()?.getNumber()).to.equal(4);
    expect(Buffer.from(resumed.getHeader()?.getPreviousHash_asU8() ?? []).equals(blockHeaderHash(lastStored.getHeader() as common.BlockHeader))).to.equal(true);
    expect(() => verifyHashChain([genesis, ...first.blocks, ...second.blocks])).to.not.throw();
    await second.service.close();
  });

  it('stops ordering when the consumer fails', async () => {
    const errors: Error[] = [];
    const { service } = harness({
      batch: { ...batch, maxMessageCount: 1 },
      onBlock: () => {
        throw new Error('disk full');
      },
      onError: (error) => errors.push(error),
    });
    await service.broadcast(testEnvelope());
    await service.flush().catch(() => undefined);
    expect(errors.map((error) => error.message)).to.deep.equal(['block consumer failed on block 1: disk full']);
    const result = await service.broadcast(testEnvelope());
    expect(result.status).to.equal(common.Status.SERVICE_UNAVAILABLE);
    let closeError: unknown;
    await service.close().catch((error: unknown) => {
      closeError = error;
    });
    expect(closeError).to.be.instanceOf(Error);
  });

  it('orders what is pending on close and then refuses new messages', async () => {
    const { service, blocks } = harness();
    await service.broadcast(testEnvelope({ txId: 'last' }));
    await service.close();
    expect(blocks.map(txIdsOf)).to.deep.equal([['last']]);
    expect((await service.broadcast(testEnvelope())).status).to.equal(common.Status.SERVICE_UNAVAILABLE);
  });
});
