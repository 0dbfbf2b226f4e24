/** Typed errors of the MSP layer. */

export class MspError extends Error {
  override name = 'MspError';
}

/** Why an identity is not valid for its MSP, in the terms Fabric's MSP uses. */
export type IdentityValidationReason =
  | 'malformed'
  | 'unknown-msp'
  | 'not-a-certificate'
  | 'ca-certificate'
  | 'untrusted-chain'
  | 'expired'
  | 'not-yet-valid'
  | 'node-ou';

export class IdentityValidationError extends MspError {
  override name = 'IdentityValidationError';
  constructor(
    readonly reason: IdentityValidationReason,
    readonly mspId: string,
    detail: string,
  ) {
    super(`identity of MSP '${mspId}' is not valid (${reason}): ${detail}`);
  }
}

/** Crypto material on disk is incomplete or unreadable. */
export class CryptoMaterialError extends MspError {
  override name = 'CryptoMaterialError';
}
