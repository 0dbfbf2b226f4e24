import { msp } from '@hyperledger/fabric-protos';
import { IdentityValidationError } from './errors';

/** msp.SerializedIdentity as Fabric builds it: the MSP ID and the PEM bytes of the certificate. */
export function serializeIdentity(mspId: string, certificatePem: string): Uint8Array {
  const identity = new msp.SerializedIdentity();
  identity.setMspid(mspId);
  identity.setIdBytes(Buffer.from(certificatePem, 'utf8'));
  return identity.serializeBinary();
}

export interface DecodedIdentity {
  readonly mspId: string;
  readonly idBytes: Uint8Array;
}

export function decodeSerializedIdentity(serialized: Uint8Array): DecodedIdentity {
  let identity: msp.SerializedIdentity;
  try {
    identity = msp.SerializedIdentity.deserializeBinary(serialized);
  } catch (error) {
    throw new IdentityValidationError('malformed', '', `not a SerializedIdentity: ${(error as Error).message}`);
  }
  return { mspId: identity.getMspid(), idBytes: identity.getIdBytes_asU8() };
}
