/**
 * Chaincode errors. The message format `<CODE>: <field>: <rule>` is a contract with the device
 * gateway, which maps CODE to an HTTP status and reports the field to the caller.
 */
export type LedgerErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION';

export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${code}: ${field}: ${rule}`);
    this.name = 'LedgerError';
  }
}

export const invalidArgument = (field: string, rule: string): LedgerError => new LedgerError('INVALID_ARGUMENT', field, rule);
export const unauthenticated = (field: string, rule: string): LedgerError => new LedgerError('UNAUTHENTICATED', field, rule);
export const permissionDenied = (field: string, rule: string): LedgerError => new LedgerError('PERMISSION_DENIED', field, rule);
export const notFound = (field: string, rule: string): LedgerError => new LedgerError('NOT_FOUND', field, rule);
export const alreadyExists = (field: string, rule: string): LedgerError => new LedgerError('ALREADY_EXISTS', field, rule);
export const failedPrecondition = (field: string, rule: string): LedgerError =>
  new LedgerError('FAILED_PRECONDITION', field, rule);

const MESSAGE_PATTERN = /^(INVALID_ARGUMENT|UNAUTHENTICATED|PERMISSION_DENIED|NOT_FOUND|ALREADY_EXISTS|FAILED_PRECONDITION): ([^:]*): (.*)$/s;

/** Parses a chaincode error message (possibly wrapped by the peer) back into its parts. */
export function parseLedgerErrorMessage(message: string): { code: LedgerErrorCode; field: string; rule: string } | undefined {
  const start = message.search(/(INVALID_ARGUMENT|UNAUTHENTICATED|PERMISSION_DENIED|NOT_FOUND|ALREADY_EXISTS|FAILED_PRECONDITION): /);
  if (start < 0) return undefined;
  const match = MESSAGE_PATTERN.exec(message.slice(start));
  if (!match) return undefined;
  return { code: match[1] as LedgerErrorCode, field: match[2] ?? '', rule: match[3] ?? '' };
}
