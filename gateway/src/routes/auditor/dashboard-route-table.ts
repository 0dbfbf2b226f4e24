import type { TSchema } from '@sinclair/typebox';
import { ErrorAnswer } from '../../api/http-answers';
import {
  AnomaliesAnswer,
  AnomaliesQuery,
  AuditParams,
  AuditViewAnswer,
  EvidenceAnswer,
  EvidenceQuery,
  LiveQuery,
  LotAuditsAnswer,
  LotParams,
  LotsAnswer,
  ReportQuery,
  SearchAnswer,
  SearchQuery,
  SessionAnswer,
  TrailAnswer,
  TrailParams,
} from './auditor-schemas';

/** Who may call a dashboard route: anyone (the page shell), a signed login, or an auditor session. */
export type DashboardAuth = 'none' | 'login' | 'session';

/** One route of the auditor dashboard, in the gateway's route-table style (id, path, TypeBox schemas → OpenAPI). */
export interface DashboardRouteSpec {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly auth: DashboardAuth;
  readonly summary: string;
  readonly description?: string;
  readonly params?: TSchema;
  readonly query?: TSchema;
  /** JSON answer schema; or, for files and streams, the media types served. */
  readonly answer: TSchema | { readonly mediaTypes: readonly string[]; readonly description: string };
  /** Page and assets: not in the OpenAPI document. */
  readonly hidden?: boolean;
}

const file = (description: string, ...mediaTypes: string[]) => ({ mediaTypes, description });

const SESSION_NOTE =
  'Needs the dashboard session cookie (from POST /v1/auditor/session) or an `Authorization: Device …` header signed for `gateway.dashboard` by an active `auditor-phone` device.';

export const DASHBOARD_ROUTES = [
  { id: 'auditor.page', method: 'GET', path: '/dashboard', auth: 'none', summary: 'The auditor dashboard (HTML)', answer: file('the page', 'text/html'), hidden: true },
  { id: 'auditor.pageSlash', method: 'GET', path: '/dashboard/', auth: 'none', summary: 'The auditor dashboard (HTML)', answer: file('the page', 'text/html'), hidden: true },
  { id: 'auditor.asset', method: 'GET', path: '/dashboard/assets/:name', auth: 'none', summary: 'Bundled script, style and SDK of the page', answer: file('an asset', 'text/javascript', 'text/css'), hidden: true },
  {
    id: 'auditor.login',
    method: 'POST',
    path: '/v1/auditor/session',
    auth: 'login',
    summary: 'Log in to the auditor dashboard',
    description:
      'Send `Authorization: Device <base64url(JSON SignedDeviceRequest)>` signed for `gateway.dashboard` by an active `auditor-phone` device (AuditMSP). ' +
      'Answers with a short-lived session cookie (HttpOnly, SameSite=Strict, path /v1/auditor). Other device types get 403, no or a bad credential 401.',
    answer: SessionAnswer,
  },
  { id: 'auditor.session', method: 'GET', path: '/v1/auditor/session', auth: 'session', summary: 'The logged-in auditor device', description: SESSION_NOTE, answer: SessionAnswer },
  { id: 'auditor.logout', method: 'DELETE', path: '/v1/auditor/session', auth: 'session', summary: 'Log out (the session cookie stops working at once)', description: SESSION_NOTE, answer: SessionAnswer },
  { id: 'auditor.search', method: 'GET', path: '/v1/auditor/search', auth: 'session', summary: 'What a VIN, device address, pairing / ride / audit ID or lot ID names on the ledger', description: SESSION_NOTE, query: SearchQuery, answer: SearchAnswer },
  {
    id: 'auditor.trail',
    method: 'GET',
    path: '/v1/auditor/trail/:kind/:id',
    auth: 'session',
    summary: 'The trail of an entity: every transaction that touched it, with block, time, submitter, devices, endorsers and validation code',
    description: SESSION_NOTE,
    params: TrailParams,
    answer: TrailAnswer,
  },
  {
    id: 'auditor.evidence',
    method: 'GET',
    path: '/v1/auditor/evidence/:kind/:id',
    auth: 'session',
    summary: 'An evidence bundle proving one write of the entity, verifiable offline (mobility-audit verify)',
    description: SESSION_NOTE,
    params: TrailParams,
    query: EvidenceQuery,
    answer: EvidenceAnswer,
  },
  { id: 'auditor.lots', method: 'GET', path: '/v1/auditor/lots', auth: 'session', summary: 'Every lot on the channel', description: SESSION_NOTE, answer: LotsAnswer },
  { id: 'auditor.lotAudits', method: 'GET', path: '/v1/auditor/lots/:lotId/audits', auth: 'session', summary: 'A lot and its VIN audits', description: SESSION_NOTE, params: LotParams, answer: LotAuditsAnswer },
  {
    id: 'auditor.audit',
    method: 'GET',
    path: '/v1/auditor/audits/:auditId',
    auth: 'session',
    summary: 'One VIN audit: summary (claims 6-7), the audit path SVG with vehicle positions and fraud-factor-2 rings, FIG. 15',
    description: SESSION_NOTE,
    params: AuditParams,
    answer: AuditViewAnswer,
  },
  {
    id: 'auditor.lotReport',
    method: 'GET',
    path: '/v1/auditor/reports/lots/:lotId',
    auth: 'session',
    summary: 'The VIN audit summary report of a lot (HTML, PDF or CSV) as a download',
    description: SESSION_NOTE,
    params: LotParams,
    query: ReportQuery,
    answer: file('the report', 'text/html', 'application/pdf', 'text/csv'),
  },
  {
    id: 'auditor.lotsReport',
    method: 'GET',
    path: '/v1/auditor/reports/lots',
    auth: 'session',
    summary: 'The VIN audit summary report across lots (HTML, PDF or CSV) as a download',
    description: SESSION_NOTE,
    query: ReportQuery,
    answer: file('the report', 'text/html', 'application/pdf', 'text/csv'),
  },
  {
    id: 'auditor.anomalies',
    method: 'GET',
    path: '/v1/auditor/anomalies',
    auth: 'session',
    summary: 'Finalized audits scored against their history, recorded anomaly scores, and their charts (FIG. 15)',
    description: SESSION_NOTE,
    query: AnomaliesQuery,
    answer: AnomaliesAnswer,
  },
  {
    id: 'auditor.live',
    method: 'GET',
    path: '/v1/auditor/live',
    auth: 'session',
    summary: 'New blocks as Server-Sent Events (event `block`, id = block number), summarised; resumable with Last-Event-ID',
    description: `${SESSION_NOTE} First \`live.hello\` {nextBlock}; \`live.gap\` when blocks after the resume point are no longer kept; \`live.end\` before the gateway ends the stream.`,
    query: LiveQuery,
    answer: file('an SSE stream', 'text/event-stream'),
  },
] as const satisfies readonly DashboardRouteSpec[];

export type DashboardRouteId = (typeof DASHBOARD_ROUTES)[number]['id'];

/** The fastify schema (validation + OpenAPI) of a dashboard route. */
export function dashboardSchema(spec: DashboardRouteSpec): Record<string, unknown> {
  const answer = 'mediaTypes' in spec.answer
    ? { description: spec.answer.description, content: Object.fromEntries(spec.answer.mediaTypes.map((type: string) => [type, { schema: { type: 'string' } }])) }
    : spec.answer;
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: ['auditor dashboard'],
    ...(spec.hidden ? { hide: true } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { querystring: spec.query } : {}),
    ...(spec.auth === 'none' ? {} : { security: [{ deviceRequest: [] }] }),
    response: { 200: answer, '4xx': ErrorAnswer, '5xx': ErrorAnswer },
  };
}
