import { Counter, Histogram, type Registry } from 'prom-client';
import type { ShimRequestLabels, ShimRequestMetrics } from '../chaincode/shim-request-metrics';

/** Prometheus' default buckets, which Fabric's chaincode histograms use. */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface ShimSeries {
  readonly received: { inc(): void };
  readonly succeeded: { inc(): void };
  readonly failed: { inc(): void };
  readonly succeededDuration: { observe(value: number): void };
  readonly failedDuration: { observe(value: number): void };
}

/** Fabric's chaincode_shim_* metrics (core/chaincode/metrics.go): the chaincode's ledger requests. */
export class ShimMetrics implements ShimRequestMetrics {
  private readonly received: Counter;
  private readonly completed: Counter;
  private readonly duration: Histogram;
  private readonly seriesByKey = new Map<string, ShimSeries>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.received = new Counter({ name: 'chaincode_shim_requests_received', help: 'The number of chaincode shim requests received.', labelNames: ['type', 'channel', 'chaincode'], registers });
    this.completed = new Counter({
      name: 'chaincode_shim_requests_completed',
      help: 'The number of chaincode shim requests completed.',
      labelNames: ['type', 'channel', 'chaincode', 'success'],
      registers,
    });
    this.duration = new Histogram({
      name: 'chaincode_shim_request_duration',
      help: 'The time to complete chaincode shim requests.',
      labelNames: ['type', 'channel', 'chaincode', 'success'],
      buckets: DEFAULT_BUCKETS,
      registers,
    });
  }

  requestReceived(labels: ShimRequestLabels): void {
    this.series(labels).received.inc();
  }

  requestCompleted(labels: ShimRequestLabels, success: boolean, seconds: number): void {
    const series = this.series(labels);
    (success ? series.succeeded : series.failed).inc();
    (success ? series.succeededDuration : series.failedDuration).observe(seconds);
  }

  /** Label-bound children, made once per label set: prom-client hashes the labels of every unbound call (~10 µs, 23 requests per transaction). */
  private series(labels: ShimRequestLabels): ShimSeries {
    const key = `${labels.type}\u0000${labels.channel}\u0000${labels.chaincode}`;
    let series = this.seriesByKey.get(key);
    if (!series) {
      const plain = { type: labels.type, channel: labels.channel, chaincode: labels.chaincode };
      series = {
        received: this.received.labels(plain),
        succeeded: this.completed.labels({ ...plain, success: 'true' }),
        failed: this.completed.labels({ ...plain, success: 'false' }),
        succeededDuration: this.duration.labels({ ...plain, success: 'true' }),
        failedDuration: this.duration.labels({ ...plain, success: 'false' }),
      };
      this.seriesByKey.set(key, series);
    }
    return series;
  }
}
