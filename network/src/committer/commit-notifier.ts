import type { CommitStatusSource, TransactionStatus } from '../gateway/gateway-context';

export interface CommittedTransactionLookup {
  /** The status of a committed transaction, or undefined when the ledger has not seen it. */
  transactionStatus(txId: string): Promise<TransactionStatus | undefined>;
}

/**
 * Lets CommitStatus callers wait for a transaction: resolved from the ledger when already committed,
 * otherwise when the committer reports the block that holds it.
 */
export class CommitNotifier implements CommitStatusSource {
  private readonly waiters = new Map<string, Set<(status: TransactionStatus) => void>>();

  constructor(private readonly ledger: CommittedTransactionLookup) {}

  async waitForStatus(txId: string, signal: AbortSignal): Promise<TransactionStatus> {
    return new Promise<TransactionStatus>((resolve, reject) => {
      const waiters = this.waiters.get(txId) ?? new Set();
      this.waiters.set(txId, waiters);
      const onAbort = (): void => {
        waiters.delete(deliver);
        if (waiters.size === 0) this.waiters.delete(txId);
        reject(new Error('commit status wait cancelled'));
      };
      const deliver = (status: TransactionStatus): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(status);
      };
      waiters.add(deliver);
      signal.addEventListener('abort', onAbort, { once: true });
      // Registered first, then looked up: a commit between the two cannot be missed.
      this.ledger.transactionStatus(txId).then((status) => {
        if (status && waiters.has(deliver)) {
          waiters.delete(deliver);
          if (waiters.size === 0) this.waiters.delete(txId);
          deliver(status);
        }
      }, reject);
    });
  }

  /** Called by the committer once a block is durably committed. */
  notifyBlock(blockNumber: number, txIds: readonly string[], codes: Uint8Array): void {
    txIds.forEach((txId, index) => {
      const waiters = this.waiters.get(txId);
      if (!waiters) return;
      this.waiters.delete(txId);
      const status = { code: codes[index] ?? 255, blockNumber };
      for (const deliver of waiters) deliver(status);
    });
  }
}
