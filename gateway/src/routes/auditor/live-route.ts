import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConnectionClosedError, SlowClientError, sseComment, sseMessage, SseConnection } from '../../events/sse-connection';
import type { LiveBlock } from './block-summary';
import type { LiveBlockFeed } from './live-block-feed';

/** SSE event names of GET /v1/auditor/live. */
export const LIVE_EVENTS = { hello: 'live.hello', block: 'block', gap: 'live.gap', end: 'live.end' } as const;

export interface LiveStreamOptions {
  readonly feed: LiveBlockFeed;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly slowClientTimeoutMs: number;
  /** Aborted when the gateway shuts down: streams end with `live.end`. */
  readonly shutdown: AbortSignal;
  readonly track: (running: Promise<void>) => void;
}

/** Last-Event-ID (what EventSource resends) or ?after=: the last block the viewer has. */
export function resumePoint(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const value = (Array.isArray(header) ? header[0] : header) ?? (request.query as { after?: string } | undefined)?.after;
  return value !== undefined && /^[0-9]{1,15}$/.test(value) ? Number(value) : undefined;
}

/**
 * GET /v1/auditor/live: every new block, summarised (`event: block`, `id` = block number), after a
 * `live.hello` naming the next block; resumable with Last-Event-ID while the block is retained
 * (else `live.gap` first). Frames are written one at a time, so a slow viewer slows only itself.
 */
export async function serveLiveStream(request: FastifyRequest, reply: FastifyReply, options: LiveStreamOptions): Promise<void> {
  const after = resumePoint(request);
  reply.hijack();
  const connection = new SseConnection(reply.raw, options.slowClientTimeoutMs);
  connection.start({ 'x-request-id': request.id }, options.retryMs);
  let writing = Promise.resolve();
  const send = (frame: string): void => {
    writing = writing.then(() => connection.write(frame)).catch((error: unknown) => {
      if (!(error instanceof ConnectionClosedError) && !(error instanceof SlowClientError)) request.log.warn({ err: error }, 'live stream write failed');
      connection.end();
    });
  };
  // Blocks replayed while subscribing wait until the hello is out.
  const held: LiveBlock[] = [];
  let holding = true;
  const sendBlock = (block: LiveBlock): void => send(sseMessage({ id: String(block.blockNumber), event: LIVE_EVENTS.block, data: block }));
  const onBlock = (block: LiveBlock): void => {
    if (holding) held.push(block);
    else sendBlock(block);
  };
  const running = (async () => {
    let subscription: Awaited<ReturnType<LiveBlockFeed['subscribe']>> | undefined;
    const heartbeat = setInterval(() => send(sseComment(`heartbeat ${new Date().toISOString()}`)), options.heartbeatMs);
    const ended = new Promise<void>((resolve) => {
      if (connection.signal.aborted || options.shutdown.aborted) resolve();
      connection.signal.addEventListener('abort', () => resolve(), { once: true });
      options.shutdown.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      subscription = await options.feed.subscribe(onBlock, after);
      // nextBlock: the first block not committed when the viewer connected; replayed blocks come before it.
      send(sseMessage({ event: LIVE_EVENTS.hello, data: { nextBlock: String(subscription.nextBlock), ...(after === undefined ? {} : { resumedAfter: String(after) }) } }));
      if (subscription.missed) send(sseMessage({ event: LIVE_EVENTS.gap, data: { from: String(subscription.missed.from), to: String(subscription.missed.to) } }));
      holding = false;
      for (const block of held.splice(0)) sendBlock(block);
      await ended;
      if (options.shutdown.aborted) send(sseMessage({ event: LIVE_EVENTS.end, data: { reason: 'shutdown' } }));
    } catch (error) {
      request.log.warn({ err: error }, 'the live block feed is not available');
      send(sseMessage({ event: LIVE_EVENTS.end, data: { reason: 'unavailable', message: (error as Error).message } }));
    } finally {
      clearInterval(heartbeat);
      subscription?.unsubscribe();
      await writing;
      connection.end();
    }
  })();
  options.track(running);
  await running;
}
