/**
 * Fabric's block cutting rules (orderer/common/blockcutter, v2.5). Sizes are counted as Fabric counts
 * them: len(payload) + len(signature) of the envelope. The batch timer belongs to the caller
 * (see OrderingService), as it does in Fabric's consenters: it runs while a batch is pending.
 */
import type { BatchDefinition } from '../consortium/consortium';

export interface BatchConfig {
  readonly maxMessageCount: number;
  /** Messages larger than this are rejected before ordering. */
  readonly absoluteMaxBytes: number;
  /** A batch is cut before it would exceed this; a message larger than this is a batch of its own. */
  readonly preferredMaxBytes: number;
  /** Time a pending batch may wait before it is cut. */
  readonly batchTimeoutMs: number;
}

export class BatchConfigError extends Error {
  override name = 'BatchConfigError';
}

export class MessageTooLargeError extends Error {
  override name = 'MessageTooLargeError';
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {
    // Fabric's size filter message (msgprocessor.MaxBytesRule).
    super(`message payload is ${size} bytes and exceeds maximum allowed ${maxBytes} bytes`);
  }
}

/** The consortium's batch settings with optional overrides (e.g. a short timeout in tests). */
export function batchConfigFrom(definition: BatchDefinition, overrides: Partial<BatchConfig> = {}): BatchConfig {
  const config: BatchConfig = { ...definition, ...overrides };
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isInteger(value) || value <= 0) throw new BatchConfigError(`${name} must be a positive integer, got ${value}`);
  }
  if (config.preferredMaxBytes > config.absoluteMaxBytes) {
    throw new BatchConfigError('preferredMaxBytes must not exceed absoluteMaxBytes');
  }
  return config;
}

export interface SizedMessage {
  /** len(payload) + len(signature), Fabric's messageSizeBytes. */
  readonly size: number;
}

export interface OrderedResult<T> {
  /** Zero, one or two batches cut by this message, oldest first. */
  readonly batches: T[][];
  /** Whether messages remain pending after this call (the batch timer should run). */
  readonly pending: boolean;
}

/** Throws MessageTooLargeError when the message exceeds AbsoluteMaxBytes. */
export function checkMessageSize(size: number, config: BatchConfig): void {
  if (size > config.absoluteMaxBytes) throw new MessageTooLargeError(size, config.absoluteMaxBytes);
}

export class BlockCutter<T extends SizedMessage> {
  private pendingBatch: T[] = [];
  private pendingBytes = 0;

  constructor(private readonly config: BatchConfig) {}

  get pendingCount(): number {
    return this.pendingBatch.length;
  }

  /** Adds a message in order and returns the batches it caused to be cut (receiver.Ordered). */
  ordered(message: T): OrderedResult<T> {
    checkMessageSize(message.size, this.config);
    const batches: T[][] = [];
    if (message.size > this.config.preferredMaxBytes) {
      // Oversized for a shared batch: flush what is pending, then isolate this message.
      if (this.pendingBatch.length > 0) batches.push(this.cut());
      batches.push([message]);
      return { batches, pending: false };
    }
    if (this.pendingBytes + message.size > this.config.preferredMaxBytes) batches.push(this.cut());
    this.pendingBatch.push(message);
    this.pendingBytes += message.size;
    if (this.pendingBatch.length >= this.config.maxMessageCount) {
      batches.push(this.cut());
      return { batches, pending: false };
    }
    return { batches, pending: true };
  }

  /** Returns the pending batch (possibly empty) and starts a new one. */
  cut(): T[] {
    const batch = this.pendingBatch;
    this.pendingBatch = [];
    this.pendingBytes = 0;
    return batch;
  }
}
