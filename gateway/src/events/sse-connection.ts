import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A client that stopped reading: its socket is destroyed rather than buffering without bound. */
export class SlowClientError extends Error {
  constructor(timeoutMs: number) {
    super(`the client read nothing for ${timeoutMs} ms with its socket buffer full`);
    this.name = 'SlowClientError';
  }
}

export class ConnectionClosedError extends Error {
  constructor() {
    super('the client closed the stream');
    this.name = 'ConnectionClosedError';
  }
}

// SSE lines end at CR or LF: fields that are not ours to trust are kept on one line.
const oneLine = (text: string): string => text.replace(/[\r\n\0]/g, ' ');

/** One SSE message; `data` is JSON (JSON.stringify never emits a raw line break). */
export function sseMessage(message: { id?: string; event?: string; data: unknown }): string {
  let frame = '';
  if (message.id !== undefined) frame += `id: ${oneLine(message.id)}\n`;
  if (message.event !== undefined) frame += `event: ${oneLine(message.event)}\n`;
  return `${frame}data: ${JSON.stringify(message.data)}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/**
 * The writing side of one SSE response. `write` resolves once the socket accepted the frame or
 * drained; a client that does not drain within `slowClientTimeoutMs` is cut off, so a stalled
 * reader costs one socket buffer, never an unbounded queue.
 */
export class SseConnection {
  private readonly aborter = new AbortController();

  private readonly socket: Socket | null;

  constructor(
    private readonly response: ServerResponse,
    private readonly slowClientTimeoutMs: number,
  ) {
    this.socket = response.socket;
    response.once('close', () => this.aborter.abort());
  }

  /** Aborted when the client goes away (or the stream is ended here). */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  get closed(): boolean {
    return this.aborter.signal.aborted || this.response.destroyed || this.response.writableEnded;
  }

  start(headers: Record<string, string | number | string[]>, retryMs: number): void {
    this.response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      // A stream owns its HTTP/1 connection: once it ends, the socket goes too, so a closing server
      // does not wait for a keep-alive socket left over by an event stream.
      ...(this.response.req.httpVersionMajor < 2 ? { connection: 'close' } : {}),
    });
    this.socket?.setNoDelay(true);
    this.socket?.setKeepAlive(true);
    this.response.write(`retry: ${retryMs}\n\n`);
  }

  async write(frame: string): Promise<void> {
    if (this.closed) throw new ConnectionClosedError();
    if (this.response.write(frame)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.response.off('drain', onDrain);
        this.aborter.signal.removeEventListener('abort', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(new ConnectionClosedError());
      const timer = setTimeout(() => {
        done(new SlowClientError(this.slowClientTimeoutMs));
        this.response.destroy();
      }, this.slowClientTimeoutMs);
      this.response.once('drain', onDrain);
      this.aborter.signal.addEventListener('abort', onClose, { once: true });
    });
  }

  end(): void {
    if (!this.response.writableEnded) this.response.end();
    this.aborter.abort();
  }

  /** Resolves once the socket is gone (or after `timeoutMs`; then it is destroyed). */
  async whenClosed(timeoutMs: number): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socket.destroy();
        resolve();
      }, timeoutMs);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
