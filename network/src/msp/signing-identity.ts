import { X509Certificate, createHash, createPrivateKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { p1363ToLowSDer } from './ecdsa-signature';
import { serializeIdentity } from './serialized-identity';
import { processVerifiedSignatures } from './verified-signatures';

/**
 * An identity that can sign: the MSP ID, the certificate and its ECDSA P-256 private key.
 * Signatures are over SHA-256(message), DER-encoded and low-S, as Fabric requires.
 */
export class SigningIdentity {
  private serialized?: Uint8Array;
  /** The certificate's Identity ID once the key is known to match it; null if it does not. */
  private ownIdentityId?: string | null;

  constructor(
    readonly mspId: string,
    readonly certificatePem: string,
    private readonly privateKey: KeyObject,
  ) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ec') {
      throw new TypeError('SigningIdentity needs an EC private key');
    }
  }

  static fromPem(mspId: string, certificatePem: string, privateKeyPem: string): SigningIdentity {
    return new SigningIdentity(mspId, certificatePem, createPrivateKey(privateKeyPem));
  }

  static async fromFiles(mspId: string, certificatePath: string, privateKeyPath: string): Promise<SigningIdentity> {
    const [certificatePem, privateKeyPem] = await Promise.all([
      readFile(certificatePath, 'utf8'),
      readFile(privateKeyPath, 'utf8'),
    ]);
    return SigningIdentity.fromPem(mspId, certificatePem, privateKeyPem);
  }

  /** msp.SerializedIdentity bytes: the creator / endorser field of Fabric messages. */
  serialize(): Uint8Array {
    this.serialized ??= serializeIdentity(this.mspId, this.certificatePem);
    return this.serialized;
  }

  /**
   * Also records the signature as verified for this identity (see verified-signatures.ts): the endorser's
   * signatures are checked again by the validator of the same process, and need not be.
   */
  sign(message: Uint8Array): Uint8Array {
    const p1363 = sign('sha256', message, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    const signature = p1363ToLowSDer(p1363);
    this.ownIdentityId ??= this.identityIdIfKeyMatches();
    if (this.ownIdentityId) processVerifiedSignatures.add(this.ownIdentityId, message, signature);
    return signature;
  }

  /** Identity.id of the certificate (SHA-256 of its DER), provided the private key belongs to it. */
  private identityIdIfKeyMatches(): string | null {
    try {
      const certificate = new X509Certificate(this.certificatePem);
      const probe = randomBytes(32);
      if (!verify('sha256', probe, certificate.publicKey, sign('sha256', probe, this.privateKey))) return null;
      return createHash('sha256').update(certificate.raw).digest('hex');
    } catch {
      return null;
    }
  }
}
