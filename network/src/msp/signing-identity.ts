import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { p1363ToLowSDer } from './ecdsa-signature';
import { serializeIdentity } from './serialized-identity';

/**
 * An identity that can sign: the MSP ID, the certificate and its ECDSA P-256 private key.
 * Signatures are over SHA-256(message), DER-encoded and low-S, as Fabric requires.
 */
export class SigningIdentity {
  private serialized?: Uint8Array;

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

  sign(message: Uint8Array): Uint8Array {
    const p1363 = sign('sha256', message, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return p1363ToLowSDer(p1363);
  }
}
