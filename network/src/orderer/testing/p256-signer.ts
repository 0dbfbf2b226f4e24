/** A P-256 block signer for tests: SerializedIdentity with the public key PEM, DER ECDSA-SHA256 signatures. */
import { type KeyObject, createVerify, generateKeyPairSync, sign } from 'node:crypto';
import { msp } from '@hyperledger/fabric-protos';
import type { BlockSigner } from '../block-signature';

export interface TestSigner extends BlockSigner {
  readonly mspId: string;
  readonly publicKey: KeyObject;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export function createTestSigner(mspId = 'OrdererMSP'): TestSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const identity = new msp.SerializedIdentity();
  identity.setMspid(mspId);
  identity.setIdBytes(Buffer.from(publicKey.export({ type: 'spki', format: 'pem' }) as string, 'utf8'));
  const serialized = identity.serializeBinary();
  return {
    mspId,
    publicKey,
    serialize: () => serialized,
    sign: (message) => new Uint8Array(sign('sha256', message, privateKey)),
    verify: (message, signature) => createVerify('sha256').update(message).verify(publicKey, signature),
  };
}
