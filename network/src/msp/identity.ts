import { createHash, verify, type KeyObject, type X509Certificate } from 'node:crypto';
import { isAcceptableDerSignature } from './ecdsa-signature';
import type { NodeOuRole } from './node-ous';
import { processVerifiedSignatures as verified } from './verified-signatures';

/** The roles of Fabric's MSPRole a principal can name. Every valid identity is a 'member'. */
export type MspRoleName = 'member' | NodeOuRole;

export interface IdentityParts {
  readonly mspId: string;
  /** The original msp.SerializedIdentity bytes. */
  readonly serialized: Uint8Array;
  readonly certificatePem: string;
  readonly certificate: X509Certificate;
  /** OU values of the certificate subject. */
  readonly organizationalUnits: readonly string[];
}

/**
 * An X.509 identity of a channel MSP. Built by MspManager; whether it is valid is the manager's
 * decision (MspManager.validate), this class only describes it and verifies signatures.
 */
export class Identity {
  readonly mspId: string;
  readonly serialized: Uint8Array;
  readonly certificatePem: string;
  readonly certificate: X509Certificate;
  readonly organizationalUnits: readonly string[];
  /** Hex SHA-256 of the certificate DER, as Fabric's IdentityIdentifier.Id. */
  readonly id: string;
  readonly publicKey: KeyObject;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;

  constructor(parts: IdentityParts) {
    this.mspId = parts.mspId;
    this.serialized = parts.serialized;
    this.certificatePem = parts.certificatePem;
    this.certificate = parts.certificate;
    this.organizationalUnits = parts.organizationalUnits;
    this.id = createHash('sha256').update(parts.certificate.raw).digest('hex');
    this.publicKey = parts.certificate.publicKey;
    this.notBeforeMs = Date.parse(parts.certificate.validFrom);
    this.notAfterMs = Date.parse(parts.certificate.validTo);
  }

  /** Node OU roles carried in the subject (a valid identity has exactly one). */
  get nodeRoles(): NodeOuRole[] {
    return this.organizationalUnits.filter((ou): ou is NodeOuRole =>
      ou === 'client' || ou === 'peer' || ou === 'admin' || ou === 'orderer',
    );
  }

  /** All roles this identity satisfies, 'member' included. */
  get roles(): MspRoleName[] {
    return ['member', ...this.nodeRoles];
  }

  /** Whether this (validated) identity satisfies the role of an MSPRole principal of its own MSP. */
  hasRole(role: MspRoleName): boolean {
    return role === 'member' || this.organizationalUnits.includes(role);
  }

  /** ECDSA P-256 over SHA-256(message); malformed or high-S DER signatures are rejected as in Fabric's bccsp. */
  verify(message: Uint8Array, signature: Uint8Array): boolean {
    if (!isAcceptableDerSignature(signature)) {
      return false;
    }
    if (verified.has(this.id, message, signature)) return true;
    let valid: boolean;
    try {
      valid = verify('sha256', message, this.publicKey, signature);
    } catch {
      return false;
    }
    if (valid) verified.add(this.id, message, signature);
    return valid;
  }
}
