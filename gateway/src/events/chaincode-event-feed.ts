import type { ChaincodeEvent, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import type { BaseLogger } from 'pino';
import { abortableSleep } from './abortable-sleep';
import type { AppendResult, EventLog } from './event-log';

export interface FeedOptions {
  readonly network: Pick<Network, 'getChaincodeEvents'>;
  readonly chaincodeName: string;
  readonly log: EventLog;
  readonly logger: BaseLogger;
  /** Where a log without a checkpoint starts reading; the whole chain (0) unless told. */
  readonly startBlock?: bigint;
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly onAppend?: (event: ChaincodeEvent, result: AppendResult) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * The gateway's one Fabric chaincode-event stream. Every event is appended to the log together with
 * the checkpoint (atomically), and the stream is always (re)opened from that checkpoint, so a broken
 * stream or a restarted gateway resumes right after the last event it kept: nothing missed, nothing
 * twice. Failures are retried with exponential back-off until close().
 */
export class ChaincodeEventFeed {
  private closed = false;
  private connected = false;
  private stream: CloseableAsyncIterable<ChaincodeEvent> | undefined;
  private readonly sleeper = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: FeedOptions) {}

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    this.running ??= this.run();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sleeper.abort();
    this.stream?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    const { network, chaincodeName, log, logger } = this.options;
    const initialDelay = this.options.retryDelayMs ?? 500;
    const maxDelay = this.options.maxRetryDelayMs ?? 30_000;
    let delay = initialDelay;
    while (!this.closed) {
      try {
        const checkpoint = log.fabricCheckpoint();
        this.stream = await network.getChaincodeEvents(chaincodeName, { checkpoint, startBlock: this.options.startBlock ?? 0n });
        if (this.closed) break;
        this.connected = true;
        logger.info({ blockNumber: checkpoint.getBlockNumber()?.toString(), transactionId: checkpoint.getTransactionId() }, 'chaincode event stream open');
        for await (const event of this.stream) {
          if (event.chaincodeName && event.chaincodeName !== chaincodeName) continue;
          const result = await log.append(event);
          if (result.status === 'undeliverable') {
            logger.warn({ txId: event.transactionId, blockNumber: event.blockNumber.toString(), reason: result.reason }, 'chaincode event without deliverable notices');
          }
          this.options.onAppend?.(event, result);
          delay = initialDelay;
          if (this.closed) break;
        }
        if (!this.closed) logger.warn('chaincode event stream ended; reopening from the checkpoint');
      } catch (error) {
        if (this.closed) break;
        this.options.onError?.(error);
        logger.warn({ err: error, retryInMs: delay }, 'chaincode event stream failed; reopening from the checkpoint');
      } finally {
        this.connected = false;
        this.stream?.close();
        this.stream = undefined;
      }
      if (this.closed) break;
      await abortableSleep(delay, this.sleeper.signal);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
