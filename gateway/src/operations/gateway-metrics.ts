import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FabricPhase } from '../fabric/fabric-phase-error';
import type { FabricObserver } from '../fabric/ledger-client';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const FABRIC_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways may share a process:
 * the dev stack), each series labelled with the gateway's org: HTTP requests and latencies per
 * route, Fabric call latencies per phase (evaluate, endorse, submit, commit), resubmissions.
 */
export class GatewayMetrics implements FabricObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'org' | 'route' | 'method' | 'status_code'>;
  private readonly requestSeconds: Histogram<'org' | 'route' | 'method' | 'status_code'>;
  private readonly phaseSeconds: Histogram<'org' | 'phase' | 'transaction' | 'outcome'>;
  private readonly resubmissions: Counter<'org' | 'transaction' | 'validation_code'>;

  constructor(
    readonly org: string,
    options: { defaultMetrics?: boolean } = {},
  ) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'mobility_gateway_http_requests_total',
      help: 'HTTP requests answered, by route (operation id or path) and status code',
      labelNames: ['org', 'route', 'method', 'status_code'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'mobility_gateway_http_request_duration_seconds',
      help: 'HTTP request latency, by route and status code',
      labelNames: ['org', 'route', 'method', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.phaseSeconds = new Histogram({
      name: 'mobility_gateway_fabric_phase_duration_seconds',
      help: 'Fabric call latency per phase (evaluate, endorse, submit, commit) and transaction',
      labelNames: ['org', 'phase', 'transaction', 'outcome'],
      buckets: FABRIC_BUCKETS,
      registers,
    });
    this.resubmissions = new Counter({
      name: 'mobility_gateway_fabric_resubmissions_total',
      help: 'Transactions resubmitted after committing with a read conflict',
      labelNames: ['org', 'transaction', 'validation_code'],
      registers,
    });
  }

  request(route: string, method: string, statusCode: number, seconds: number): void {
    const labels = { org: this.org, route, method, status_code: String(statusCode) };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  phase(phase: FabricPhase, transaction: string, outcome: 'ok' | 'error', seconds: number): void {
    this.phaseSeconds.observe({ org: this.org, phase, transaction, outcome }, seconds);
  }

  resubmission(transaction: string, validationCode: string): void {
    this.resubmissions.inc({ org: this.org, transaction, validation_code: validationCode });
  }
}
