import { abortableSleep } from '../events/abortable-sleep';
import { GatewayError, gatewayErrorFromBody } from './gateway-error';
import { SseParser, type SseMessage } from './sse-parser';

/** One event of a device's stream: the SSE id (a resumable checkpoint), its type and parsed data. */
export interface DeviceEvent<T = unknown> {
  readonly id: string;
  readonly type: string;
  readonly data: T;
}

export interface SubscribeOptions {
  /** Resume after this event ID (e.g. persisted from a previous run); from now when omitted. */
  readonly lastEventId?: string;
  /** First reconnection delay; doubled per failed attempt up to maxRetryMs. The server's `retry:` overrides it. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Called for every failed connection attempt; the subscription keeps retrying unless the error is final. */
  readonly onError?: (error: GatewayError) => void;
  /** Called each time a connection is established (after the response headers arrived). */
  readonly onOpen?: () => void;
  /** Events kept for `waitFor` and late iterators; the oldest are dropped beyond it. */
  readonly historyLimit?: number;
}

/** What a subscription needs from the client: where to connect and a fresh credential per connection. */
export interface StreamConnector {
  readonly url: string;
  readonly fetch: typeof fetch;
  authorization(): Promise<string>;
}

/** 4xx answers (bad or refused credentials) do not get better by retrying; 408 and 429 do. */
function isFinal(error: GatewayError): boolean {
  return error.isClientError && error.status !== 408 && error.status !== 429;
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/**
 * A device's event stream over `fetch` (Node 18+ and browsers, no EventSource): it reconnects on
 * its own and sends `Last-Event-ID`, so nothing is missed or repeated across drops and gateway
 * restarts. Iterate it (`for await`), or wait for a particular event with `waitFor`.
 */
export class EventSubscription<T = unknown> implements AsyncIterable<DeviceEvent<T>> {
  private readonly abort = new AbortController();
  private readonly history: DeviceEvent<T>[] = [];
  /** Sequence number of history[0]: events dropped from the front still count. */
  private dropped = 0;
  private wakeups: (() => void)[] = [];
  private resumeId: string;
  private serverRetryMs: number | undefined;
  private fatal: GatewayError | undefined;
  private ended = false;
  private connections = 0;

  constructor(
    private readonly connector: StreamConnector,
    private readonly options: SubscribeOptions = {},
  ) {
    this.resumeId = options.lastEventId ?? '';
    void this.run();
  }

  /** The checkpoint to resume from: the ID of the last event received. */
  get lastEventId(): string {
    return this.resumeId;
  }

  /** Every event received so far (up to historyLimit), oldest first. */
  get received(): readonly DeviceEvent<T>[] {
    return this.history;
  }

  /** How many connections were opened (reconnects included). */
  get connectionCount(): number {
    return this.connections;
  }

  /** The error that ended the subscription (a refused credential), if any. */
  get error(): GatewayError | undefined {
    return this.fatal;
  }

  close(): void {
    this.ended = true;
    this.abort.abort();
    this.wake();
  }

  /** The first event (already received or still to come) matching the predicate. */
  async waitFor(predicate: (event: DeviceEvent<T>) => boolean, timeoutMs = 30_000): Promise<DeviceEvent<T>> {
    const deadline = Date.now() + timeoutMs;
    let seq = this.dropped;
    for (;;) {
      for (; seq < this.dropped + this.history.length; seq += 1) {
        const event = this.history[seq - this.dropped];
        if (event && predicate(event)) return event;
      }
      seq = Math.max(seq, this.dropped);
      if (this.fatal) throw this.fatal;
      if (this.ended) throw new Error('event subscription closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms (received: ${this.history.map((e) => e.type).join(', ') || 'none'})`);
      await this.nextWakeup(left);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<DeviceEvent<T>> {
    let seq = this.dropped + this.history.length;
    for (;;) {
      seq = Math.max(seq, this.dropped);
      const event = this.history[seq - this.dropped];
      if (event) {
        seq += 1;
        yield event;
        continue;
      }
      if (this.fatal) throw this.fatal;
      if (this.ended) return;
      await this.nextWakeup();
    }
  }

  private nextWakeup(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
      this.wakeups.push(() => {
        if (timer) clearTimeout(timer);
        resolve();
      });
    });
  }

  private wake(): void {
    const wakeups = this.wakeups;
    this.wakeups = [];
    for (const wakeup of wakeups) wakeup();
  }

  private deliver(message: SseMessage): void {
    if (message.id) this.resumeId = message.id;
    this.history.push({ id: message.id, type: message.event, data: parseData(message.data) as T });
    const limit = this.options.historyLimit ?? 10_000;
    while (this.history.length > limit) {
      this.history.shift();
      this.dropped += 1;
    }
    this.wake();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.ended) {
      const delivered = this.history.length + this.dropped;
      try {
        await this.connectOnce();
      } catch (error) {
        if (this.ended) break;
        const mapped = error instanceof GatewayError ? error : new GatewayError({ status: 0, code: 'NETWORK_ERROR', message: (error as Error).message });
        this.options.onError?.(mapped);
        if (isFinal(mapped)) {
          this.fatal = mapped;
          this.ended = true;
          this.wake();
          break;
        }
      }
      if (this.ended) break;
      // A connection that delivered events was healthy: start the backoff again.
      failures = this.history.length + this.dropped > delivered ? 0 : failures + 1;
      const base = this.serverRetryMs ?? this.options.retryMs ?? 500;
      await abortableSleep(Math.min(base * 2 ** Math.max(0, failures - 1), this.options.maxRetryMs ?? 10_000), this.abort.signal);
    }
  }

  private async connectOnce(): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: await this.connector.authorization() };
    if (this.resumeId) headers['last-event-id'] = this.resumeId;
    const response = await this.connector.fetch(this.connector.url, { headers, signal: this.abort.signal });
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      throw gatewayErrorFromBody(response.status, body, response.headers.get('x-request-id') ?? undefined);
    }
    this.connections += 1;
    this.options.onOpen?.();
    const parser = new SseParser();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const message of parser.pushBytes(value)) this.deliver(message);
        if (parser.lastEventId) this.resumeId = parser.lastEventId;
        if (parser.retryMs !== undefined) this.serverRetryMs = parser.retryMs;
      }
    } finally {
      parser.end();
      reader.releaseLock();
    }
  }
}
