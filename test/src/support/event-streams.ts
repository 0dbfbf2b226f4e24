import type { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';

export class StreamTimeoutError extends Error {
  override name = 'StreamTimeoutError';
}

/**
 * Reads events until `enough(received)` holds, then closes the stream. A stream that has not
 * delivered enough within `timeoutMs` is closed and reported with what it did deliver.
 */
export async function readUntil<T>(
  events: CloseableAsyncIterable<T>,
  enough: (received: readonly T[]) => boolean,
  timeoutMs = 30_000,
): Promise<T[]> {
  const received: T[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    events.close();
  }, timeoutMs);
  try {
    for await (const event of events) {
      received.push(event);
      if (enough(received)) break;
    }
  } catch (error) {
    if (!timedOut) throw error;
  } finally {
    clearTimeout(timer);
    events.close();
  }
  if (timedOut) throw new StreamTimeoutError(`stream delivered ${received.length} item(s) in ${timeoutMs} ms, not enough`);
  return received;
}

/** The first error the stream raises (iterating it), or undefined if it ends or delivers an item first. */
export async function firstStreamError<T>(events: CloseableAsyncIterable<T>, timeoutMs = 10_000): Promise<unknown> {
  const timer = setTimeout(() => events.close(), timeoutMs);
  try {
    for await (const _ of events) return undefined;
    return undefined;
  } catch (error) {
    return error;
  } finally {
    clearTimeout(timer);
    events.close();
  }
}
