/** A query answer that is not the record the chaincode documents (wrong JSON, missing or mistyped fields). */
export class LedgerRecordError extends Error {
  override readonly name = 'LedgerRecordError';

  constructor(
    readonly transaction: string,
    readonly reason: string,
  ) {
    super(`${transaction}: ${reason}`);
  }
}

/** A report that cannot be built from what the ledger holds (e.g. a lot without audits when one was required). */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}
