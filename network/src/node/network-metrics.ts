import { Registry, collectDefaultMetrics } from 'prom-client';
import { LedgerMetrics } from './ledger-metrics';
import { ShimMetrics } from './shim-metrics';

/**
 * The Prometheus registry the operations service serves, shared by the peers of the process: Node's
 * process metrics, the ledger's and the chaincode support's, all under Fabric's names.
 */
export class NetworkMetrics {
  readonly registry = new Registry();
  readonly ledger: LedgerMetrics;
  readonly shim: ShimMetrics;

  constructor(channel: string) {
    collectDefaultMetrics({ register: this.registry });
    this.ledger = new LedgerMetrics(this.registry, channel);
    this.shim = new ShimMetrics(this.registry);
  }
}
