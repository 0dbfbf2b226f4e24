import { expect } from 'chai';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { parsePrometheus } from '../../test/dist/support/prometheus-text';
import { ledgerMetrics } from './ledger-metrics';

/** Lines as a Fabric 2.5 peer's /metrics writes them (client_golang sorts labels by name). */
const FABRIC_METRICS = `# HELP ledger_blockchain_height Height of the chain in blocks.
# TYPE ledger_blockchain_height gauge
ledger_blockchain_height{channel="mobility"} 57
ledger_blockchain_height{channel="other"} 3
# TYPE ledger_transaction_count counter
ledger_transaction_count{chaincode="_lifecycle:1.0",channel="mobility",transaction_type="ENDORSER_TRANSACTION",validation_code="VALID"} 4
ledger_transaction_count{chaincode="mobility:1.0",channel="mobility",transaction_type="ENDORSER_TRANSACTION",validation_code="VALID"} 500
ledger_transaction_count{chaincode="mobility:1.0",channel="mobility",transaction_type="ENDORSER_TRANSACTION",validation_code="MVCC_READ_CONFLICT"} 7
ledger_transaction_count{chaincode="mobility:1.0",channel="mobility",transaction_type="ENDORSER_TRANSACTION",validation_code="ENDORSEMENT_POLICY_FAILURE"} 0
ledger_transaction_count{chaincode="mobility:1.0",channel="other",transaction_type="ENDORSER_TRANSACTION",validation_code="VALID"} 9
gossip_state_commit_duration_bucket{channel="mobility",le="+Inf"} 50
gossip_state_commit_duration_sum{channel="mobility"} 1.25
gossip_state_commit_duration_count{channel="mobility"} 50
ledger_block_processing_time_sum{channel="mobility"} 0.2
ledger_block_processing_time_count{channel="mobility"} 50
process_cpu_seconds_total 12.5
`;

describe('ledger metrics from Prometheus text', () => {
  it("reads a Fabric peer's counters by label, one channel, every invalid code by name", () => {
    const metrics = ledgerMetrics(parsePrometheus(FABRIC_METRICS), 'mobility');
    expect(metrics).to.deep.equal({
      height: 57,
      validTx: 504,
      invalidTx: 7,
      blockProcessingS: 1.25,
      blocksProcessed: 50,
      invalidByCode: { MVCC_READ_CONFLICT: 7 },
    });
  });

  it("reads the embedded network's prom-client output the same way", async () => {
    const registry = new Registry();
    const height = new Gauge({ name: 'ledger_blockchain_height', help: 'h', labelNames: ['channel'], registers: [registry] });
    const transactions = new Counter({ name: 'ledger_transaction_count', help: 't', labelNames: ['channel', 'validation_code'], registers: [registry] });
    const blockTime = new Histogram({ name: 'gossip_state_commit_duration', help: 'b', labelNames: ['channel'], buckets: [0.01, 0.1], registers: [registry] });
    height.set({ channel: 'mobility' }, 12);
    transactions.inc({ channel: 'mobility', validation_code: 'VALID' }, 30);
    transactions.inc({ channel: 'mobility', validation_code: 'MVCC_READ_CONFLICT' }, 2);
    blockTime.observe({ channel: 'mobility' }, 0.02);
    blockTime.observe({ channel: 'mobility' }, 0.04);
    const metrics = ledgerMetrics(parsePrometheus(await registry.metrics()), 'mobility');
    expect(metrics.height).to.equal(12);
    expect(metrics.validTx).to.equal(30);
    expect(metrics.invalidByCode).to.deep.equal({ MVCC_READ_CONFLICT: 2 });
    expect(metrics.blocksProcessed).to.equal(2);
    expect(metrics.blockProcessingS).to.be.closeTo(0.06, 1e-9);
  });
});
