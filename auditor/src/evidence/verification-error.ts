/** Why evidence was rejected: one code per kind of check, so reports and tests can name the cause. */
export type RejectionReason =
  | 'FORMAT'
  | 'CHECKPOINT'
  | 'HEADER_CHAIN'
  | 'DATA_HASH'
  | 'ORDERER_SIGNATURE'
  | 'CONFIG'
  | 'TRANSACTION_FORMAT'
  | 'TX_ID'
  | 'CERTIFICATE'
  | 'CREATOR_SIGNATURE'
  | 'PROPOSAL_HASH'
  | 'ENDORSEMENT_SIGNATURE'
  | 'ENDORSEMENT_POLICY'
  | 'VALIDATION_CODE'
  | 'RECORD_MISMATCH'
  | 'SUMMARY_MISMATCH';

export class VerificationError extends Error {
  override name = 'VerificationError';
  constructor(
    readonly reason: RejectionReason,
    message: string,
    /** The block the failing check looked at, when there is one. */
    readonly blockNumber?: number,
  ) {
    super(`${reason}: ${blockNumber === undefined ? '' : `block ${blockNumber}: `}${message}`);
  }
}

export function reject(reason: RejectionReason, message: string, blockNumber?: number): never {
  throw new VerificationError(reason, message, blockNumber);
}
