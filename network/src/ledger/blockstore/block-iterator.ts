/**
 * An async iterator over blocks from a start number that, when asked to follow, waits for blocks that do
 * not exist yet (what Deliver with SeekInfo.BLOCK_UNTIL_READY needs). It ends when the source closes and
 * rejects with an AbortError when the caller's signal aborts.
 */
import type { EventEmitter } from 'node:events';

export interface BlockSource<T> {
  /** Number of blocks that may be read. */
  height(): number;
  isClosed(): boolean;
  read(blockNum: number): Promise<T>;
  /** Emits `heightEvent` whenever height grows and 'close' when the source closes. */
  readonly events: EventEmitter;
  readonly heightEvent: string;
}

export interface IterateOptions {
  /** Keep waiting for new blocks at the end (default true). */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
}

export async function* iterateBlocks<T>(
  source: BlockSource<T>,
  startNum: number,
  options: IterateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const follow = options.follow ?? true;
  let next = startNum;
  for (;;) {
    options.signal?.throwIfAborted();
    if (source.isClosed()) return;
    if (next < source.height()) {
      yield await source.read(next);
      next += 1;
      continue;
    }
    if (!follow) return;
    await waitForGrowth(source, next, options.signal);
  }
}

function waitForGrowth<T>(source: BlockSource<T>, needed: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      source.events.off(source.heightEvent, onGrowth);
      source.events.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    const onGrowth = (): void => {
      if (source.height() > needed) {
        cleanup();
        resolve();
      }
    };
    const onClose = (): void => {
      cleanup();
      resolve();
    };
    const onAbort = (): void => {
      cleanup();
      reject(signal?.reason ?? new Error('aborted'));
    };
    if (signal?.aborted) return onAbort();
    source.events.on(source.heightEvent, onGrowth);
    source.events.on('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    // The height may have grown between the caller's check and the listener registration.
    onGrowth();
  });
}
