import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { ApiError } from './api/api-error';
import { REQUEST_ID_HEADER } from './api/http-answers';
import { ROUTES } from './api';
import type { RouteSpec } from './api/route-spec';
import { createFabricDeviceLookup, CREDENTIAL_NONCES_DIRECTORY, CredentialNonceStore, singleUseSignedReads, type DeviceLookup } from './auth';
import { corsOptionsFor } from './config/cors-options';
import type { GatewayConfig } from './config/gateway-config';
import { createEventService, type EventService } from './events';
import { openFabricConnection, type FabricConnection } from './fabric/connection';
import { LedgerClient } from './fabric/ledger-client';
import { GatewayMetrics } from './operations/gateway-metrics';
import { peerHealthCheck } from './operations/health';
import { registerOperations } from './operations/operations-routes';
import { registerErrorAnswers } from './routes/error-answers';
import { registerLedgerRoutes } from './routes/ledger-routes';
import { registerAuditorDashboard, type AuditorDashboard } from './routes/auditor';

export interface GatewayServerOptions {
  readonly config: GatewayConfig;
  readonly logger?: Logger;
  /** The route table; every chaincode operation by default. */
  readonly routes?: readonly RouteSpec[];
  /** Device event streams (GET /v1/events); on by default. */
  readonly events?: boolean;
  /** Enables the org's own event stream for `Authorization: Bearer <token>` (events service). */
  readonly operatorToken?: string;
  /** For tests: an open connection instead of one from the config. */
  readonly connection?: FabricConnection;
  /** For tests: what evaluates and submits instead of a LedgerClient over the connection. */
  readonly ledger?: Pick<LedgerClient, 'evaluate' | 'submit'>;
  /** The auditor dashboard (GET /dashboard, /v1/auditor/*), served by the AuditMSP gateway only; on by default. */
  readonly dashboard?: boolean;
}

/** One org's running gateway: HTTP API, OpenAPI, operations, event streams over one Fabric connection. */
export interface GatewayServer {
  readonly app: FastifyInstance;
  readonly config: GatewayConfig;
  readonly connection: FabricConnection;
  readonly ledger: Pick<LedgerClient, 'evaluate' | 'submit'>;
  readonly lookup: DeviceLookup;
  readonly metrics: GatewayMetrics;
  readonly events?: EventService;
  /** The auditor dashboard, on the AuditMSP gateway (routes/auditor). */
  readonly dashboard?: AuditorDashboard;
  /** Starts listening on the configured host and port; returns the base URL. */
  listen(): Promise<string>;
  /** Graceful: stop accepting, end event streams, let requests finish (up to the grace period), close gRPC. */
  close(): Promise<void>;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-request-id when it is a sane token, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

function baseUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address() as AddressInfo | null;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${address?.port ?? 0}`;
}

async function registerDocs(app: FastifyInstance, config: GatewayConfig): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `Mobility Ledger device gateway (${config.mspId})`,
        version: '1',
        description:
          'Every chaincode operation of devices, pairing, ride-share and VIN audit. POST submits a transaction and answers once it ' +
          'committed ({txId, blockNumber, result}); GET evaluates ({result}). Errors answer {error: {code, message, field?, txId?, details?}}.',
      },
      components: {
        securitySchemes: {
          deviceRequest: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Device <base64url(JSON of a signed device request)>: signed reads and event streams',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'mobility-gateway', org: config.mspId } });
  const connection = options.connection ?? openFabricConnection(config);
  const metrics = new GatewayMetrics(config.mspId);
  const ledger = options.ledger ?? new LedgerClient({ contract: (name) => connection.contract(name), timeouts: config.timeouts, retry: config.retry, observer: metrics });
  const lookup = createFabricDeviceLookup(connection.contract(''));
  // One store of used credential nonces for subscriptions, dashboard logins and signed reads (opened on first use).
  const nonces = new CredentialNonceStore(path.join(config.dataDir, CREDENTIAL_NONCES_DIRECTORY));
  const routes = options.routes ?? ROUTES;
  let draining = false;
  let events: EventService | undefined;
  let dashboard: AuditorDashboard | undefined;
  const fastify = Fastify({
    loggerInstance: logger,
    genReqId: (request) => requestIdOf(request.headers[REQUEST_ID_HEADER]),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.http.bodyLimitBytes,
  });
  const app = fastify as unknown as FastifyInstance;
  try {
    app.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      if (draining && request.url !== '/healthz') throw new ApiError('SHUTTING_DOWN', 'the gateway is shutting down; retry on another instance');
    });
    // While draining, each answer ends its connection, so keep-alive clients do not hold the shutdown up.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (draining) reply.header('connection', 'close');
      return payload;
    });
    registerErrorAnswers(app);
    await app.register(cors, { delegator: corsOptionsFor(config.corsOrigins) });
    await registerDocs(app, config);
    registerOperations(app, {
      metrics,
      checks: [peerHealthCheck(connection.client, connection.contract('devices'), Math.min(config.timeouts.evaluateMs, 5_000))],
      draining: () => draining,
    });
    app.addHook('preHandler', singleUseSignedReads({ routes, nonces, channel: config.channel }));
    registerLedgerRoutes(app, { routes, ledger, mspId: config.mspId, channel: config.channel });
    if (options.dashboard !== false) {
      dashboard = registerAuditorDashboard(app, { mspId: config.mspId, channel: config.channel, chaincode: config.chaincode, network: connection.network, lookup, nonces, logger });
    }
    if (options.events !== false) {
      events = await createEventService({
        network: connection.network,
        chaincodeName: config.chaincode,
        dataDir: config.dataDir,
        logger,
        lookup,
        nonces,
        orgMspId: config.mspId,
        channel: config.channel,
        registry: metrics.registry,
        ...(options.operatorToken ? { operatorToken: options.operatorToken } : {}),
      });
      events.register(app);
    }
    await app.ready();
  } catch (error) {
    await events?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await nonces.close().catch(() => undefined);
    connection.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      logger.info('shutting down: draining requests');
      await events?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the event service failed'));
      // In-flight requests get the grace period, then their connections are cut.
      const force = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
      force.unref();
      await app.close();
      clearTimeout(force);
      await nonces.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the credential nonce store failed'));
      connection.close();
      logger.info('gateway stopped');
    })();
    return closing;
  };

  return {
    app,
    config,
    connection,
    ledger,
    lookup,
    metrics,
    ...(events ? { events } : {}),
    ...(dashboard ? { dashboard } : {}),
    async listen() {
      await app.listen({ host: config.http.host, port: config.http.port });
      const url = baseUrl(app, config.http.host);
      logger.info({ url, docs: `${url}/docs` }, 'gateway listening');
      return url;
    },
    close,
  };
}
