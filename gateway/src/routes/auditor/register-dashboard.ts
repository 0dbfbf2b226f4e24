import { loadLotReport, loadLotsReport } from '@mobility-ledger/auditor/dist/reports/load-report';
import { renderReport, type ReportFormat } from '@mobility-ledger/auditor/dist/reports/render-report';
import type { BlockEventsNetwork } from '@mobility-ledger/auditor/dist/trail/gateway-ports';
import type { EntityKind } from '@mobility-ledger/auditor/dist/trail/entity';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { BaseLogger } from 'pino';
import type { DeviceLookup, NonceConsumer } from '../../auth';
import { typeBoxValidator } from '../validation';
import { loadAnomalyOverview } from './anomaly-overview';
import { auditorAuth } from './auditor-auth';
import { AuditorLedger, type AuditorLedgerPort, type DashboardNetwork } from './auditor-ledger';
import { loadAuditView } from './audit-view';
import { DASHBOARD_ROUTES, dashboardSchema, type DashboardRouteId } from './dashboard-route-table';
import { SESSION_COOKIE, SESSION_COOKIE_PATH } from './auditor-auth';
import { serializeCookie } from './cookies';
import { searchEntities, type SearchKind } from './entity-search';
import { auditorApiError } from './ledger-errors';
import { LiveBlockFeed } from './live-block-feed';
import { serveLiveStream } from './live-route';
import { sendReport } from './report-download';
import { SessionTokens } from './session-token';
import { DEFAULT_WEB_DIR, sendWebFile } from './static-assets';

/** Only the auditors' org serves the dashboard; on the other orgs' gateways its paths are 404. */
export const DASHBOARD_ORG = 'AuditMSP';
export const DASHBOARD_PATH = '/dashboard';

export interface AuditorDashboardOptions {
  /** The gateway's org: the dashboard is registered on the AuditMSP gateway only. */
  readonly mspId: string;
  readonly channel: string;
  readonly chaincode: string;
  readonly lookup: DeviceLookup;
  /** The gateway's used nonces: each login (or signed call) credential is accepted once. */
  readonly nonces?: NonceConsumer;
  readonly logger: BaseLogger;
  /** The gateway's fabric-gateway Network; or pass `ledger` and `feed` (tests). */
  readonly network?: DashboardNetwork & BlockEventsNetwork;
  readonly ledger?: AuditorLedgerPort;
  readonly feed?: LiveBlockFeed;
  /** The web build (auditor/dist/web by default). */
  readonly webDir?: string;
  readonly sessionTtlMs?: number;
  /** Device types that count as auditors: `auditor-phone`. */
  readonly deviceTypes?: readonly string[];
  readonly heartbeatMs?: number;
  /** Session secret (tests); random per process otherwise. */
  readonly sessionSecret?: Uint8Array;
}

export interface AuditorDashboard {
  readonly path: string;
  readonly ledger: AuditorLedgerPort;
  readonly feed: LiveBlockFeed;
  readonly tokens: SessionTokens;
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

/** Runs a ledger read, answering its failures in the gateway's error format. */
async function fromLedger<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw auditorApiError(error);
  }
}

const formatOf = (request: FastifyRequest): ReportFormat => ((request.query as { format?: ReportFormat }).format ?? 'html');
const auditIdsOf = (request: FastifyRequest): string[] | undefined => {
  const audit = (request.query as { audit?: string | string[] }).audit;
  return audit === undefined ? undefined : [audit].flat();
};

/**
 * The auditor dashboard on the gateway (issue #7): the page and its assets, a login that turns a
 * signed `gateway.dashboard` request of an auditor device into a short-lived session cookie, and
 * the read-only API the page uses — search, trails, evidence bundles, lot reports, audit views
 * with the audit path, anomaly charts and a live feed of new blocks.
 */
export function registerAuditorDashboard(app: FastifyInstance, options: AuditorDashboardOptions): AuditorDashboard | undefined {
  if (options.mspId !== DASHBOARD_ORG) return undefined;
  const network = options.network;
  const ledger = options.ledger ?? (network ? new AuditorLedger(network, options.chaincode) : undefined);
  if (!ledger) throw new Error('the auditor dashboard needs the gateway’s network or a ledger port');
  const feed =
    options.feed ??
    (network ? new LiveBlockFeed({ network, height: () => ledger.height(), logger: options.logger }) : undefined);
  if (!feed) throw new Error('the auditor dashboard needs the gateway’s network or a block feed');
  const tokens = new SessionTokens({ issuer: options.mspId, ...(options.sessionTtlMs ? { ttlMs: options.sessionTtlMs } : {}), ...(options.sessionSecret ? { secret: options.sessionSecret } : {}) });
  const auth = auditorAuth({ lookup: options.lookup, tokens, channel: options.channel, ...(options.nonces ? { nonces: options.nonces } : {}), ...(options.deviceTypes ? { deviceTypes: options.deviceTypes } : {}) });
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const shutdown = new AbortController();
  const streams = new Set<Promise<void>>();

  const cookie = (request: FastifyRequest, value: string, maxAgeSeconds: number): string =>
    serializeCookie(SESSION_COOKIE, value, { path: SESSION_COOKIE_PATH, maxAgeSeconds, httpOnly: true, sameSite: 'Strict', secure: isHttps(request) });

  const handlers: Record<DashboardRouteId, Handler> = {
    'auditor.page': (_request, reply) => sendWebFile(reply, webDir, 'index.html'),
    'auditor.pageSlash': (_request, reply) => sendWebFile(reply, webDir, 'index.html'),
    'auditor.asset': (request, reply) => sendWebFile(reply, webDir, `assets/${(request.params as { name: string }).name}`),
    'auditor.login': async (request, reply) => {
      const device = request.device;
      if (!device) throw new Error('the login hook did not authenticate a device');
      const { token, claims } = tokens.issue(device);
      request.log.info({ device: device.address }, 'auditor logged in to the dashboard');
      reply.header('set-cookie', cookie(request, token, tokens.ttlMs / 1000));
      return { device, expiresAtMs: claims.expiresAtMs, expiresAt: new Date(claims.expiresAtMs).toISOString() };
    },
    'auditor.session': async (request) => {
      const session = request.dashboardSession;
      return { device: request.device, ...(session ? { expiresAtMs: session.expiresAtMs, expiresAt: new Date(session.expiresAtMs).toISOString() } : {}) };
    },
    'auditor.logout': async (request, reply) => {
      if (request.dashboardSession) tokens.logout(request.dashboardSession);
      reply.header('set-cookie', cookie(request, '', 0));
      return { device: request.device };
    },
    'auditor.search': async (request) => {
      const { q, kind } = request.query as { q: string; kind?: SearchKind | 'auto' };
      return { query: q, matches: await fromLedger(() => searchEntities(ledger, q, kind ?? 'auto')) };
    },
    'auditor.trail': async (request) => {
      const { kind, id } = request.params as { kind: EntityKind; id: string };
      return { trail: await fromLedger(() => ledger.trail(kind, id)) };
    },
    'auditor.evidence': async (request, reply) => {
      const { kind, id } = request.params as { kind: EntityKind; id: string };
      const { key, tx } = request.query as { key?: string; tx?: string };
      const bundle = await fromLedger(() => ledger.evidence(kind, id, { ...(key ? { key } : {}), ...(tx ? { txId: tx } : {}) }));
      const name = `evidence-${kind}-${id.slice(0, 24)}-${bundle.record.txId.slice(0, 12)}.json`.replace(/[^A-Za-z0-9._-]+/g, '_');
      return reply.header('content-disposition', `attachment; filename="${name}"`).type('application/json; charset=utf-8').send(`${JSON.stringify(bundle, null, 2)}\n`);
    },
    'auditor.lots': async () => ({ lots: await fromLedger(() => ledger.reports.listLots()) }),
    'auditor.lotAudits': async (request) => {
      const { lotId } = request.params as { lotId: string };
      const [lot, audits] = await fromLedger(() => Promise.all([ledger.reports.getLot(lotId), ledger.reports.listAudits(lotId)]));
      return { lot, audits };
    },
    'auditor.audit': async (request) => {
      const { auditId } = request.params as { auditId: string };
      return fromLedger(() => loadAuditView(ledger.reports, ledger.anomalies, auditId));
    },
    'auditor.lotReport': async (request, reply) => {
      const { lotId } = request.params as { lotId: string };
      const format = formatOf(request);
      const auditIds = auditIdsOf(request);
      const bytes = await fromLedger(async () => renderReport(await loadLotReport(ledger.reports, lotId, { generatedAtMs: Date.now(), ...(auditIds ? { auditIds } : {}) }), format));
      return sendReport(reply, bytes, format, `lot-${lotId}`);
    },
    'auditor.lotsReport': async (request, reply) => {
      const format = formatOf(request);
      const bytes = await fromLedger(async () => renderReport(await loadLotsReport(ledger.reports, { generatedAtMs: Date.now() }), format));
      return sendReport(reply, bytes, format, 'lots');
    },
    'auditor.anomalies': async (request) => {
      const { auditId, limit } = request.query as { auditId?: string; limit?: number };
      return fromLedger(() => loadAnomalyOverview(ledger.anomalies, { ...(auditId ? { focusAuditId: auditId } : {}), ...(limit ? { limit } : {}) }));
    },
    'auditor.live': (request, reply) =>
      serveLiveStream(request, reply, {
        feed,
        heartbeatMs: options.heartbeatMs ?? 15_000,
        retryMs: 2_000,
        slowClientTimeoutMs: 30_000,
        shutdown: shutdown.signal,
        track: (running) => {
          streams.add(running);
          void running.finally(() => streams.delete(running));
        },
      }),
  };

  for (const spec of DASHBOARD_ROUTES) {
    const handler = handlers[spec.id];
    app.route({
      method: spec.method,
      url: spec.path,
      schema: dashboardSchema(spec),
      // Metrics label requests by route id (operations-routes.ts).
      config: { routeId: spec.id } as Record<string, unknown>,
      validatorCompiler: typeBoxValidator as FastifySchemaCompiler<unknown>,
      // Answers are plain JSON: the schemas document them, they do not filter them.
      serializerCompiler: () => (data) => JSON.stringify(data),
      ...(spec.auth === 'login' ? { preHandler: auth.login } : spec.auth === 'session' ? { preHandler: auth.session } : {}),
      ...(spec.auth === 'none'
        ? {}
        : {
            onSend: async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
              // Ledger data: never kept by a browser or proxy cache.
              if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
              return payload;
            },
          }),
      handler: async (request, reply) => handler(request, reply),
    });
  }
  // Open live streams would hold the server open; the block feed goes once nobody can read it.
  app.addHook('preClose', async () => {
    shutdown.abort();
    await Promise.allSettled([...streams]);
  });
  app.addHook('onClose', async () => {
    await feed.close();
  });
  return { path: DASHBOARD_PATH, ledger, feed, tokens };
}
