export type ProblemKind =
  | 'unreadable-record'
  | 'block-number'
  | 'broken-link'
  | 'data-hash'
  | 'malformed-transaction'
  | 'orderer-signature'
  | 'config'
  | 'validation-codes'
  | 'transaction-signature'
  | 'duplicate-txid'
  | 'stale-read'
  | 'endorsement-policy'
  | 'state-mismatch';

export interface IntegrityProblem {
  readonly kind: ProblemKind;
  readonly blockNumber?: number;
  readonly txNumber?: number;
  readonly message: string;
  /** `file@offset` of the record, for block files. */
  readonly location?: string;
}

export function describeProblem(problem: IntegrityProblem): string {
  const where = [
    problem.blockNumber === undefined ? undefined : `block ${problem.blockNumber}`,
    problem.txNumber === undefined ? undefined : `tx ${problem.txNumber}`,
    problem.location,
  ].filter(Boolean);
  return `${problem.kind}${where.length ? ` (${where.join(', ')})` : ''}: ${problem.message}`;
}
