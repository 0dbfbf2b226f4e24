import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommitMetrics } from '../peer/committer';

/** Prometheus metrics named after Fabric's own (ledger_*, endorser_*), shared by the peers of the process. */
export class NetworkMetrics implements CommitMetrics {
  readonly registry = new Registry();
  private readonly height = new Gauge({ name: 'ledger_blockchain_height', help: 'Height of the chain in blocks.', labelNames: ['channel'], registers: [this.registry] });
  private readonly transactions = new Counter({
    name: 'ledger_transaction_count',
    help: 'Number of transactions processed.',
    labelNames: ['channel', 'validation_code'],
    registers: [this.registry],
  });
  private readonly blockTime = new Histogram({
    name: 'ledger_block_processing_time',
    help: 'Time taken in seconds for ledger block processing.',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(private readonly channel: string) {
    collectDefaultMetrics({ register: this.registry });
  }

  blockCommitted(blockNumber: number, transactions: number, valid: number, seconds: number): void {
    this.height.set({ channel: this.channel }, blockNumber + 1);
    this.transactions.inc({ channel: this.channel, validation_code: 'VALID' }, valid);
    if (transactions > valid) this.transactions.inc({ channel: this.channel, validation_code: 'INVALID' }, transactions - valid);
    this.blockTime.observe({ channel: this.channel }, seconds);
  }
}
