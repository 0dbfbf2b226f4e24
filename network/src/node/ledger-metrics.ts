import { peer } from '@hyperledger/fabric-protos';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BlockCommitReport, CommitMetrics } from '../peer/committer';

/** Fabric's buckets for the kvledger histograms (core/ledger/kvledger/metrics.go). */
const LEDGER_BUCKETS = [0.005, 0.01, 0.015, 0.05, 0.1, 1, 10];
/** Prometheus' default buckets, which Fabric's gossip histograms use. */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const CODE_NAMES = new Map<number, string>(Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]));

/**
 * The committing peer's metrics under Fabric's names and labels: kvledger's ledger_* and gossip's
 * gossip_state_*, so dashboards made for Fabric peers read the embedded network too. The embedded
 * committer validates a block in one pass, so ledger_block_processing_time (in Fabric the ledger's
 * MVCC step only) here covers all of validation.
 */
export class LedgerMetrics implements CommitMetrics {
  private readonly height: Gauge;
  private readonly gossipHeight: Gauge;
  private readonly transactions: Counter;
  private readonly blockProcessing: Histogram;
  private readonly storageCommit: Histogram;
  private readonly stateCommit: Histogram;
  private readonly blockCommit: Histogram;

  constructor(
    registry: Registry,
    private readonly channel: string,
  ) {
    const registers = [registry];
    this.height = new Gauge({ name: 'ledger_blockchain_height', help: 'Height of the chain in blocks.', labelNames: ['channel'], registers });
    this.gossipHeight = new Gauge({ name: 'gossip_state_height', help: 'Current ledger height', labelNames: ['channel'], registers });
    this.transactions = new Counter({
      name: 'ledger_transaction_count',
      help: 'Number of transactions processed.',
      labelNames: ['channel', 'transaction_type', 'chaincode', 'validation_code'],
      registers,
    });
    this.blockProcessing = new Histogram({ name: 'ledger_block_processing_time', help: 'Time taken in seconds for ledger block processing.', labelNames: ['channel'], buckets: LEDGER_BUCKETS, registers });
    this.storageCommit = new Histogram({
      name: 'ledger_blockstorage_and_pvtdata_commit_time',
      help: 'Time taken in seconds for committing the block and private data to storage.',
      labelNames: ['channel'],
      buckets: LEDGER_BUCKETS,
      registers,
    });
    this.stateCommit = new Histogram({ name: 'ledger_statedb_commit_time', help: 'Time taken in seconds for committing block changes to state db.', labelNames: ['channel'], buckets: LEDGER_BUCKETS, registers });
    this.blockCommit = new Histogram({ name: 'gossip_state_commit_duration', help: 'Time it takes to commit a block in seconds', labelNames: ['channel'], buckets: DEFAULT_BUCKETS, registers });
  }

  blockCommitted(report: BlockCommitReport): void {
    const channel = { channel: this.channel };
    this.height.set(channel, report.blockNumber + 1);
    this.gossipHeight.set(channel, report.blockNumber + 1);
    for (const stat of report.stats) {
      this.transactions.inc({
        channel: this.channel,
        transaction_type: stat.transactionType,
        chaincode: stat.chaincode,
        validation_code: CODE_NAMES.get(stat.validationCode) ?? String(stat.validationCode),
      });
    }
    this.blockProcessing.observe(channel, report.validationSeconds);
    this.storageCommit.observe(channel, report.timings.blockAndPvtdataSeconds);
    this.stateCommit.observe(channel, report.timings.statedbSeconds);
    this.blockCommit.observe(channel, report.totalSeconds);
  }
}
