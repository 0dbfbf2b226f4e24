import type { common } from '@hyperledger/fabric-protos';
import { isValid, setTransactionsFilter, type KvLedger } from '../ledger';
import type { CommitNotifier } from '../committer/commit-notifier';
import type { VerifiedIdentity } from '../endorser/ports';
import { validateBlock, type TxStatInfo, type ValidatorOptions } from '../validator/tx-validator';
import type { CommitTimings } from '../ledger/kvledger';
import type { TransientStore } from './transient-store';

/** One committed block, as Fabric's ledger and gossip metrics describe it. */
export interface BlockCommitReport {
  readonly blockNumber: number;
  readonly stats: readonly TxStatInfo[];
  /** Validation of the block's transactions (signatures, policies, MVCC). */
  readonly validationSeconds: number;
  readonly timings: CommitTimings;
  /** Validation and commit of the whole block (gossip_state_commit_duration). */
  readonly totalSeconds: number;
}

export interface CommitMetrics {
  blockCommitted(report: BlockCommitReport): void;
}

/**
 * The committing peer: validates each block from the orderer, stores it with its validation flags,
 * applies valid writes and private data, then tells CommitStatus waiters.
 */
export class Committer<I extends VerifiedIdentity> {
  constructor(
    private readonly ledger: KvLedger,
    private readonly validator: ValidatorOptions<I>,
    private readonly notifier: CommitNotifier,
    private readonly transientStore: TransientStore,
    private readonly metrics?: CommitMetrics,
  ) {}

  async commitBlock(block: common.Block): Promise<void> {
    const started = process.hrtime.bigint();
    const blockNumber = block.getHeader()?.getNumber() ?? 0;
    const result = await validateBlock(block, this.validator);
    const validated = process.hrtime.bigint();
    setTransactionsFilter(block, [...result.codes]);
    const txs = result.committed.map((tx) => {
      const privateData = this.transientStore.take(tx.txId);
      return isValid(tx) && privateData ? { ...tx, privateData } : tx;
    });
    // No commit lock: simulations read ledger snapshots, which this commit does not change.
    const timings = await this.ledger.commit(block, txs);
    this.transientStore.purgeBelow(blockNumber);
    this.notifier.notifyBlock(blockNumber, result.txIds, result.codes);
    this.metrics?.blockCommitted({
      blockNumber,
      stats: result.stats,
      validationSeconds: Number(validated - started) / 1e9,
      timings,
      totalSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  }
}
