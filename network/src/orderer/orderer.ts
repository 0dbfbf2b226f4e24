/**
 * The embedded ordering service for one channel: Fabric's broadcast checks, block cutting with the batch
 * timer, and signed blocks chained from a known tip, handed one at a time to a single consumer.
 *
 * Back-pressure follows Fabric's BlockWriter: a block is delivered only after the consumer finished the
 * previous one, and a broadcast that cuts a block returns only once the blocks before it were consumed.
 */
import { common } from '@hyperledger/fabric-protos';
import { BatchTimer, type Scheduler } from './batch-timer';
import type { BlockSigner } from './block-signature';
import { BlockWriter, type ChainTip } from './block-writer';
import { type BatchConfig, BlockCutter } from './blockcutter';
import { type AcceptedMessage, type WritersCheck, filterBroadcast, isRejection } from './broadcast-filter';

export interface BroadcastResult {
  /** common.Status value. */
  readonly status: number;
  readonly info: string;
}

export type BlockConsumer = (block: common.Block) => Promise<void> | void;

export interface OrderingServiceOptions {
  readonly channelId: string;
  readonly batch: BatchConfig;
  readonly signer: BlockSigner;
  /** Tip to continue from: after the genesis block on first start, after the last stored block on restart. */
  readonly tip: ChainTip;
  /** Receives every new block, in order, one at a time. */
  readonly onBlock: BlockConsumer;
  /** /Channel/Writers evaluation; without it any well-formed envelope is accepted. */
  readonly checkWriters?: WritersCheck;
  /** Host:port clients would use for this orderer (reported by the gateway in error details). */
  readonly address?: string;
  readonly scheduler?: Scheduler;
  readonly consenterMetadata?: (blockNumber: number) => Uint8Array;
  /** Called once if the consumer fails; the service then stops ordering. */
  readonly onError?: (error: Error) => void;
}

export class OrderingServiceError extends Error {
  override name = 'OrderingServiceError';
}

const SUCCESS: BroadcastResult = { status: common.Status.SUCCESS, info: '' };

export class OrderingService {
  readonly address: string;
  private readonly cutter: BlockCutter<AcceptedMessage>;
  private readonly writer: BlockWriter;
  private readonly timer: BatchTimer;
  /** Settles when the last block handed to the consumer has been consumed. */
  private delivered: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private closed = false;

  constructor(private readonly options: OrderingServiceOptions) {
    this.address = options.address ?? 'localhost:7050';
    this.cutter = new BlockCutter(options.batch);
    this.writer = new BlockWriter({ signer: options.signer, tip: options.tip, consenterMetadata: options.consenterMetadata });
    this.timer = new BatchTimer(options.batch.batchTimeoutMs, () => this.cutPending(), options.scheduler);
  }

  /** Tip of the blocks cut so far (some may still be waiting for the consumer). */
  get tip(): ChainTip {
    return this.writer.tip;
  }

  get pendingCount(): number {
    return this.cutter.pendingCount;
  }

  /** AtomicBroadcast.Broadcast for one envelope: SUCCESS once the message is enqueued for ordering. */
  async broadcast(envelope: common.Envelope | Uint8Array): Promise<BroadcastResult> {
    const unavailable = this.unavailable();
    if (unavailable) return unavailable;
    const accepted = filterBroadcast(envelope, {
      channelId: this.options.channelId,
      batch: this.options.batch,
      checkWriters: this.options.checkWriters,
    });
    if (isRejection(accepted)) return accepted;

    const { batches, pending } = this.cutter.ordered(accepted);
    const earlierBlocksConsumed = batches.map((batch) => this.emit(batch));
    this.timer.update(pending);
    // Like Fabric's committing lock: cutting a block waits for the consumer to finish the blocks before it.
    if (earlierBlocksConsumed[0]) await earlierBlocksConsumed[0];
    return this.unavailable() ?? SUCCESS;
  }

  /** Cuts whatever is pending into a block now and waits until every block so far was consumed. */
  async flush(): Promise<void> {
    this.cutPending();
    await this.delivered;
    if (this.failure) throw this.failure;
  }

  /** Stops accepting messages, orders what is pending, and waits for the consumer to finish. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.timer.stop();
      this.cutPending();
    }
    await this.delivered;
    if (this.failure) throw this.failure;
  }

  private unavailable(): BroadcastResult | undefined {
    if (this.failure) return { status: common.Status.SERVICE_UNAVAILABLE, info: `ordering stopped: ${this.failure.message}` };
    if (this.closed) return { status: common.Status.SERVICE_UNAVAILABLE, info: 'the ordering service is shutting down' };
    return undefined;
  }

  private cutPending(): void {
    this.timer.stop();
    const batch = this.cutter.cut();
    if (batch.length > 0) void this.emit(batch);
  }

  /** Makes the next block now (fixing its number) and queues its delivery; resolves when the blocks before it were consumed. */
  private emit(batch: readonly AcceptedMessage[]): Promise<void> {
    const block = this.writer.writeBlock(batch.map((message) => message.bytes));
    const previous = this.delivered;
    this.delivered = previous.then(() => this.deliver(block));
    return previous;
  }

  private async deliver(block: common.Block): Promise<void> {
    if (this.failure) return;
    try {
      await this.options.onBlock(block);
    } catch (error) {
      this.failure = new OrderingServiceError(`block consumer failed on block ${block.getHeader()?.getNumber()}: ${(error as Error).message}`, {
        cause: error,
      });
      this.timer.stop();
      this.options.onError?.(this.failure);
    }
  }
}
