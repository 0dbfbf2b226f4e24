/** Typed errors of the peer ledger. */

export class LedgerError extends Error {
  override name = 'LedgerError';
}

/** Stored data cannot be read back consistently (e.g. a damaged block file that is not the last one). */
export class LedgerCorruptionError extends LedgerError {
  override name = 'LedgerCorruptionError';
}

export class BlockNotFoundError extends LedgerError {
  override name = 'BlockNotFoundError';
  constructor(readonly blockNum: number) {
    super(`block ${blockNum} is not in the ledger`);
  }
}

export class TxNotFoundError extends LedgerError {
  override name = 'TxNotFoundError';
  constructor(readonly txId: string) {
    super(`transaction ${txId} is not in the ledger`);
  }
}

/** A block was offered out of sequence (its number is not the current height). */
export class BlockSequenceError extends LedgerError {
  override name = 'BlockSequenceError';
}

/** The committed transactions do not match the block (count, order, or private data hashes). */
export class CommitInputError extends LedgerError {
  override name = 'CommitInputError';
}

export class LedgerClosedError extends LedgerError {
  override name = 'LedgerClosedError';
  constructor() {
    super('ledger is closed');
  }
}
