/** An HTTP answer of the device gateway, JSON decoded. */
export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** The gateway's error body. */
export interface ErrorBody {
  readonly error: { code: string; message: string; field?: string; txId?: string; validationCode?: string; details?: { address: string; mspId: string; message: string }[] };
}

/** The write answer: the committed transaction. */
export interface WriteBody<R = Record<string, unknown>> {
  readonly txId: string;
  readonly blockNumber: string;
  readonly result: R;
}

/** A plain HTTP client of one org's gateway (global fetch), as any device or app would call it. */
export class GatewayHttp {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: 'GET' | 'POST', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.headers ?? {}) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (metrics, HTML): keep the text.
    }
    return { status: response.status, headers: response.headers, body: body as T, text };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<HttpAnswer<T>> {
    return this.request<T>('GET', path, headers ? { headers } : {});
  }

  post<T = unknown>(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer<T>> {
    return this.request<T>('POST', path, { body, ...(headers ? { headers } : {}) });
  }
}

/** `Authorization: Device <base64url(JSON)>` for a signed read. */
export function deviceAuthorization(signedRequest: unknown): Record<string, string> {
  return { authorization: `Device ${Buffer.from(JSON.stringify(signedRequest), 'utf8').toString('base64url')}` };
}
