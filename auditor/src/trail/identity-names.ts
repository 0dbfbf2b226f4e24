import { X509Certificate } from 'node:crypto';
import { msp } from '@hyperledger/fabric-protos';

export interface IdentityName {
  readonly mspId: string;
  /** The certificate subject's CN ('' when the identity holds no readable certificate). */
  readonly commonName: string;
}

/** Who a serialized identity claims to be (not validated: trails describe, evidence verifies). */
export function identityName(serialized: Uint8Array): IdentityName {
  try {
    const identity = msp.SerializedIdentity.deserializeBinary(serialized);
    let commonName = '';
    try {
      const subject = new X509Certificate(Buffer.from(identity.getIdBytes_asU8())).subject;
      commonName = /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? '';
    } catch {
      commonName = '';
    }
    return { mspId: identity.getMspid(), commonName };
  } catch {
    return { mspId: '', commonName: '' };
  }
}
