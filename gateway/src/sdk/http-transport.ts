import { GatewayError, gatewayErrorFromBody } from './gateway-error';

export interface TransportOptions {
  /** Gateway base URL, e.g. `http://localhost:3001`. */
  readonly baseUrl: string;
  /** A fetch implementation; `globalThis.fetch` (Node 18+, browsers) by default. */
  readonly fetch?: typeof fetch;
  /** Per request; a write waits for its commit, so allow for a block or two. */
  readonly timeoutMs?: number;
  /** Sent with every request (e.g. an API key of a reverse proxy). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string | undefined;
}

/**
 * JSON over fetch with a timeout; every non-2xx answer becomes a GatewayError, and so does a
 * failure to reach the gateway (status 0, NETWORK_ERROR / TIMEOUT), so callers handle one type.
 */
export class HttpTransport {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (!fetchImpl) throw new Error('no fetch implementation: pass options.fetch');
    // Browsers refuse fetch called with another `this`.
    this.fetch = fetchImpl.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.headers = options.headers ?? {};
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async send(call: HttpCall): Promise<HttpAnswer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onAbort = (): void => controller.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...call.headers };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetch(this.url(call.path), {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: controller.signal,
      });
    } catch (error) {
      const timedOut = controller.signal.aborted && !call.signal?.aborted;
      throw new GatewayError({
        status: 0,
        code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
        message: timedOut ? `no answer from ${this.baseUrl} within ${this.timeoutMs} ms` : `${call.method} ${call.path}: ${(error as Error).message}`,
      });
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const text = await response.text();
    let body: unknown = text;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        if (response.ok) throw new GatewayError({ status: response.status, code: 'BAD_RESPONSE', message: 'the gateway answered with something other than JSON', requestId });
      }
    }
    if (!response.ok) throw gatewayErrorFromBody(response.status, body, requestId);
    return { status: response.status, body, requestId };
  }
}
