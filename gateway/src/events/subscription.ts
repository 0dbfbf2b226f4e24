import type { BaseLogger } from 'pino';
import type { RecipientWaker } from './append-signal';
import type { EventLog } from './event-log';
import type { StreamKind } from './event-metrics';
import { formatPosition, parsePosition, positionKey, positionOfKey } from './position';
import type { PrivateItemResolver } from './private-items';
import { sseComment, sseMessage, type SseConnection } from './sse-connection';
import { deliveredNotice, type StoredNotice } from './stored-notice';

/** Sent (without an id) when notices older than the resume position were pruned: some may be missing. */
export const GAP_EVENT = 'gateway.gap';
/**
 * Sent before the gateway ends a stream on purpose: `{reason}`: `device-suspended`, `device-revoked`,
 * `replaced` (the recipient opened more streams than allowed; the oldest goes), `shutdown`.
 */
export const END_EVENT = 'gateway.end';

const ENDING_NOTICES: Readonly<Record<string, string>> = {
  'devices.Suspended': 'device-suspended',
  'devices.Revoked': 'device-revoked',
};

export interface SubscriptionOptions {
  readonly log: EventLog;
  readonly waker: RecipientWaker;
  readonly connection: SseConnection;
  readonly logger: BaseLogger;
  /** Normalised recipient: `device:<lower-case address>` or `org:<MSP>`. */
  readonly recipient: string;
  readonly kind: StreamKind;
  /** Position key to resume after; undefined = from the oldest retained notice. */
  readonly afterKey: string | undefined;
  readonly heartbeatMs: number;
  readonly batchSize: number;
  /** Resolves private items for device streams (the notice names the device). */
  readonly privateItems?: PrivateItemResolver;
  readonly onDelivered?: () => void;
  /** Aborted when the gateway shuts down. */
  readonly shutdown: AbortSignal;
  /** Aborted when a newer stream of the same recipient takes this one's place. */
  readonly replaced?: AbortSignal;
}

/**
 * One subscriber: reads its recipient's notices from the durable log after its position, writes them
 * (waiting for the socket to drain), and when caught up waits for an append naming the recipient or
 * sends a heartbeat. Memory per subscriber is one batch, whatever the backlog.
 */
export async function runSubscription(options: SubscriptionOptions): Promise<void> {
  const { log, waker, connection, recipient, heartbeatMs, batchSize, shutdown } = options;
  const waiter = waker.waiterFor(recipient);
  const replaced = options.replaced ?? new AbortController().signal;
  const stop = AbortSignal.any([connection.signal, shutdown, replaced]);
  let cursor = options.afterKey;
  try {
    const pruned = log.prunedThrough;
    if (cursor !== undefined && pruned !== undefined && cursor < pruned) {
      await connection.write(sseMessage({ event: GAP_EVENT, data: { after: formatPosition(positionOfKey(cursor)), prunedThrough: formatPosition(positionOfKey(pruned)) } }));
    }
    await connection.write(sseComment(`subscribed ${recipient}`));
    while (!stop.aborted) {
      waiter.reset();
      const batch = await log.readFor(recipient, cursor, batchSize);
      for (const notice of batch) {
        if (stop.aborted) break;
        await connection.write(await frameOf(notice, options));
        options.onDelivered?.();
        cursor = positionKey(parsePosition(notice.position));
        const ending = endingReason(notice, options);
        if (ending) {
          await connection.write(sseMessage({ event: END_EVENT, data: { reason: ending } }));
          return;
        }
      }
      if (batch.length > 0) continue;
      const woken = await waiter.wait(heartbeatMs, stop);
      if (woken === 'timeout') await connection.write(sseComment(`heartbeat ${new Date().toISOString()}`));
    }
    const reason = replaced.aborted ? 'replaced' : shutdown.aborted ? 'shutdown' : undefined;
    if (reason && !connection.closed) await connection.write(sseMessage({ event: END_EVENT, data: { reason } }));
  } finally {
    waiter.dispose();
    connection.end();
  }
}

async function frameOf(notice: StoredNotice, options: SubscriptionOptions): Promise<string> {
  const privateItems = options.kind === 'device' && options.privateItems ? await options.privateItems.resolve(notice) : undefined;
  return sseMessage({ id: notice.position, event: notice.type, data: deliveredNotice(notice, privateItems) });
}

/** A device stream ends right after the notice that suspends or revokes that device. */
function endingReason(notice: StoredNotice, options: SubscriptionOptions): string | undefined {
  const reason = ENDING_NOTICES[notice.type];
  if (!reason || options.kind !== 'device' || typeof notice.data.address !== 'string') return undefined;
  return `device:${notice.data.address.toLowerCase()}` === options.recipient ? reason : undefined;
}
