import type { AnomaliesAnswer, AuditView, LiveBlock, LotAudits, LotChoice, SearchMatch, SessionAnswer, Trail } from './api-types';

/** A refusal or failure of the dashboard API, in the gateway's error format. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

async function answerOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiFailure(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? (text || response.statusText));
  }
  return body as T;
}

/** Same-origin calls: the session cookie goes along by itself (HttpOnly: the page never sees it). */
async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, { method, headers: { accept: 'application/json', ...headers }, credentials: 'same-origin', cache: 'no-store' });
  return answerOf<T>(response);
}

const segment = encodeURIComponent;

export const api = {
  login: (authorization: string) => call<SessionAnswer>('POST', '/v1/auditor/session', { authorization }),
  session: () => call<SessionAnswer>('GET', '/v1/auditor/session'),
  logout: () => call<SessionAnswer>('DELETE', '/v1/auditor/session'),
  search: (q: string, kind: string) => call<{ query: string; matches: SearchMatch[] }>('GET', `/v1/auditor/search?q=${segment(q)}&kind=${segment(kind)}`),
  trail: (kind: string, id: string) => call<{ trail: Trail }>('GET', `/v1/auditor/trail/${segment(kind)}/${segment(id)}`),
  lots: () => call<{ lots: LotChoice[] }>('GET', '/v1/auditor/lots'),
  lotAudits: (lotId: string) => call<LotAudits>('GET', `/v1/auditor/lots/${segment(lotId)}/audits`),
  audit: (auditId: string) => call<AuditView>('GET', `/v1/auditor/audits/${segment(auditId)}`),
  anomalies: (auditId?: string) => call<AnomaliesAnswer>('GET', `/v1/auditor/anomalies${auditId ? `?auditId=${segment(auditId)}` : ''}`),
};

/** Download links: plain navigations, the cookie authenticates them. */
export const links = {
  evidence: (kind: string, id: string, key: string, txId: string) => `/v1/auditor/evidence/${segment(kind)}/${segment(id)}?key=${segment(key)}&tx=${segment(txId)}`,
  lotReport: (lotId: string, format: 'html' | 'pdf' | 'csv', auditId?: string) =>
    `/v1/auditor/reports/lots/${segment(lotId)}?format=${format}${auditId ? `&audit=${segment(auditId)}` : ''}`,
  live: '/v1/auditor/live',
};

export type { LiveBlock };
