import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayMetrics } from './gateway-metrics';
import { healthReport, type HealthCheck } from './health';

export interface OperationsOptions {
  readonly metrics: GatewayMetrics;
  readonly checks: readonly HealthCheck[];
  /** True once shutdown began: health turns 503 so load balancers stop sending. */
  readonly draining: () => boolean;
}

const HealthAnswer = Type.Object({
  status: Type.String(),
  time: Type.String(),
  failed_checks: Type.Optional(Type.Array(Type.Object({ component: Type.String(), reason: Type.String() }))),
});

/** The route label of a request: the operation id of a ledger route, else its path pattern. */
export function routeLabel(request: FastifyRequest): string {
  const config = request.routeOptions.config as { routeId?: unknown } | undefined;
  if (typeof config?.routeId === 'string') return config.routeId;
  return request.routeOptions.url ?? 'unmatched';
}

/** /healthz, /metrics, and the per-request metrics hook. */
export function registerOperations(app: FastifyInstance, options: OperationsOptions): void {
  const started = new WeakMap<FastifyRequest, bigint>();
  app.addHook('onRequest', async (request) => {
    started.set(request, process.hrtime.bigint());
  });
  app.addHook('onResponse', async (request, reply) => {
    const start = started.get(request);
    const seconds = start === undefined ? 0 : Number(process.hrtime.bigint() - start) / 1e9;
    options.metrics.request(routeLabel(request), request.method, reply.statusCode, seconds);
  });

  app.get(
    '/healthz',
    { schema: { summary: 'Health: the peer connection and the chaincode answer', tags: ['operations'], response: { 200: HealthAnswer, 503: HealthAnswer } } },
    async (_request, reply) => {
      const checks: HealthCheck[] = options.draining()
        ? [{ component: 'gateway', check: () => Promise.reject(new Error('shutting down')) }]
        : [...options.checks];
      const report = await healthReport(checks);
      return reply.code(report.status === 'OK' ? 200 : 503).send(report);
    },
  );

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['operations'], response: { 200: Type.String({ description: 'Prometheus text format' }) } } }, async (_request, reply) => {
    const text = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(text);
  });
}
