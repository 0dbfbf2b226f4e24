/** Too few past audits to fit the robust model on. */
export class InsufficientHistoryError extends Error {
  override readonly name = 'InsufficientHistoryError';

  constructor(
    readonly auditId: string,
    readonly available: number,
    readonly required: number,
  ) {
    super(`audit ${auditId}: ${available} past audit(s) to compare with; at least ${required} are needed`);
  }
}

/** The audit has no feature vector on the ledger: it is not finalized (or not among those listed). */
export class FeatureVectorNotFoundError extends Error {
  override readonly name = 'FeatureVectorNotFoundError';

  constructor(readonly auditId: string) {
    super(`audit ${auditId} has no feature vector on the ledger; only finalized audits are scored`);
  }
}
