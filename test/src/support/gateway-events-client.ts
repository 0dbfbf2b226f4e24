import { signDeviceRequest, type TypedDataSigner } from '@mobility-ledger/chaincode';
import http from 'node:http';

/**
 * A reference client for the gateway's event streams (gateway/src/events/README.md), written from
 * the wire protocol alone: an HTTP GET that reads Server-Sent Events. The device SDK has its own;
 * this one keeps the e2e tests independent of it.
 */
export interface GatewaySseEvent {
  /** SSE `id`: the notice's position (absent on control events such as `gateway.end`). */
  readonly id?: string;
  /** SSE `event`: the notice type, or a `gateway.*` control event. */
  readonly event: string;
  readonly data: unknown;
}

/** The `data` of a notice event. */
export interface DeliveredNotice {
  readonly position: string;
  readonly txId: string;
  readonly blockNumber: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly private?: Record<string, unknown>;
}

export class GatewayHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: http.IncomingHttpHeaders,
  ) {
    super(`gateway answered ${status}: ${JSON.stringify(body)}`);
    this.name = 'GatewayHttpError';
  }
}

let nonces = 0;

/** `Device <base64url(JSON of a SignedDeviceRequest)>` for `gateway.subscribe`, valid two minutes. */
export async function deviceAuthorization(signer: TypedDataSigner, options: { action?: string; expiresInMs?: number; channel?: string } = {}): Promise<string> {
  nonces += 1;
  const request = await signDeviceRequest(signer, {
    action: options.action ?? 'gateway.subscribe',
    channel: options.channel ?? 'mobility',
    payload: {},
    nonce: `sse-${process.pid}-${nonces.toString().padStart(6, '0')}`,
    expiresAt: Date.now() + (options.expiresInMs ?? 120_000),
  });
  return `Device ${Buffer.from(JSON.stringify(request), 'utf8').toString('base64url')}`;
}

export interface OpenOptions {
  readonly authorization?: string;
  readonly lastEventId?: string;
  /** `?after=` (a position or `now`). */
  readonly after?: string;
}

/** One open SSE response, parsed per the HTML SSE rules (CR, LF or CRLF line ends; multi-line data). */
export class GatewayEventStream {
  private buffer = '';
  private fields: { id?: string; event?: string; data: string[] } = { data: [] };
  private readonly queue: GatewaySseEvent[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  /** The last `id` received: what to send as Last-Event-ID when reconnecting. */
  lastEventId: string | undefined;

  private constructor(
    private readonly request: http.ClientRequest,
    response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
    const finish = (): void => {
      this.ended = true;
      this.wake?.();
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
  }

  static open(baseUrl: string, options: OpenOptions = {}): Promise<GatewayEventStream> {
    const url = new URL('/v1/events', baseUrl);
    if (options.after !== undefined) url.searchParams.set('after', options.after);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.authorization) headers.authorization = options.authorization;
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers }, (response) => {
        if (response.statusCode === 200 && response.headers['content-type']?.startsWith('text/event-stream')) {
          resolve(new GatewayEventStream(request, response));
          return;
        }
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          let parsed: unknown = body;
          try {
            parsed = JSON.parse(body);
          } catch {
            // not JSON: keep the text
          }
          reject(new GatewayHttpError(response.statusCode ?? 0, parsed, response.headers));
        });
      });
      request.on('error', reject);
    });
  }

  /** The next event; undefined once the stream has ended (closed by either side, or the gateway died). */
  async next(timeoutMs = 30_000): Promise<GatewaySseEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0 && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.queue.shift();
  }

  /** Reads events until `enough(received)` holds; fails if the stream ends first or time runs out. */
  async readUntil(enough: (received: readonly GatewaySseEvent[]) => boolean, timeoutMs = 30_000): Promise<GatewaySseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    const received: GatewaySseEvent[] = [];
    while (!enough(received)) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (!event) throw new Error(`stream ended after ${received.length} event(s)`);
      received.push(event);
    }
    return received;
  }

  /** Reads whatever arrives until the stream ends (e.g. the gateway was killed). */
  async readToEnd(timeoutMs = 30_000): Promise<GatewaySseEvent[]> {
    const received: GatewaySseEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    for (let event = await this.next(timeoutMs); event; event = await this.next(Math.max(1, deadline - Date.now()))) received.push(event);
    return received;
  }

  close(): void {
    this.request.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return; // comment: heartbeats
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.fields.data.push(value);
    else if (name === 'event') this.fields.event = value;
    else if (name === 'id' && !value.includes('\0')) this.fields.id = value;
  }

  private dispatch(): void {
    const { id, event, data } = this.fields;
    this.fields = { data: [] };
    if (id !== undefined) this.lastEventId = id;
    if (data.length === 0) return;
    const text = data.join('\n');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    this.queue.push({ ...(id !== undefined ? { id } : {}), event: event || 'message', data: parsed });
    this.wake?.();
  }
}

/** `<block>.<event>.<notice>` as a comparable tuple. */
export function positionTuple(position: string): [bigint, number, number] {
  const [block, event, notice] = position.split('.');
  return [BigInt(block ?? '0'), Number(event), Number(notice)];
}

export function comparePositions(a: string, b: string): number {
  const [x, y] = [positionTuple(a), positionTuple(b)];
  for (let i = 0; i < 3; i += 1) {
    if (x[i]! < y[i]!) return -1;
    if (x[i]! > y[i]!) return 1;
  }
  return 0;
}
