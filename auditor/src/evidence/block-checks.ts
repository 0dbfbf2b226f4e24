/**
 * Checks of one block a peer makes before trusting it (Fabric 2.5 gossip/mcs VerifyBlock): the data
 * hash covers the data, every transaction envelope is well formed, and the orderer signatures in the
 * SIGNATURES metadata satisfy /Channel/Orderer/BlockValidation.
 */
import { common } from '@hyperledger/fabric-protos';
import { blockSignatures } from '@mobility-ledger/network/dist/orderer/block-signature';
import { blockDataHash } from '@mobility-ledger/network/dist/protoutil/block';
import type { VerifiedIdentity } from './channel-identities';
import { BLOCK_VALIDATION_POLICY, type ChannelTrust } from './channel-trust';
import { reject, VerificationError } from './verification-error';

export function blockNumberOf(block: common.Block): number {
  return block.getHeader()?.getNumber() ?? -1;
}

export function checkDataHash(block: common.Block): void {
  const expected = block.getHeader()?.getDataHash_asU8() ?? new Uint8Array();
  const actual = blockDataHash(block.getData() ?? new common.BlockData());
  if (!Buffer.from(actual).equals(expected)) {
    reject('DATA_HASH', `data hash ${Buffer.from(expected).toString('hex')} in the header does not match the data (${Buffer.from(actual).toString('hex')})`, blockNumberOf(block));
  }
}

/**
 * protoutil.VerifyTransactionsAreWellFormed: each envelope re-serializes to exactly its bytes (no
 * trailing or duplicated fields) and has a payload and a signature. Config blocks are exempt.
 * Returns the problem, if any.
 */
export function malformedTransaction(block: common.Block): string | undefined {
  const entries = block.getData()?.getDataList_asU8() ?? [];
  if (entries.length === 0) return 'block has no transactions';
  if (entries.length === 1 && isConfigEnvelope(entries[0] as Uint8Array)) return undefined;
  for (const [index, raw] of entries.entries()) {
    let envelope: common.Envelope;
    try {
      envelope = common.Envelope.deserializeBinary(raw);
    } catch (error) {
      return `transaction ${index} is invalid: ${(error as Error).message}`;
    }
    if (envelope.getPayload_asU8().length === 0) return `transaction ${index} has no payload`;
    if (envelope.getSignature_asU8().length === 0) return `transaction ${index} has no signature`;
    const expected = envelope.serializeBinary();
    if (expected.length < raw.length) return `transaction ${index} has ${raw.length - expected.length} trailing bytes`;
    if (!Buffer.from(expected).equals(raw)) return `transaction ${index} does not match its re-serialized form`;
  }
  return undefined;
}

export function isConfigEnvelope(envelopeBytes: Uint8Array): boolean {
  try {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    return channelHeader.getType() === common.HeaderType.CONFIG;
  } catch {
    return false;
  }
}

/** The block's time for certificate validity: the timestamp of its first transaction, else now. */
export function blockTimeMs(block: common.Block): number {
  const first = block.getData()?.getDataList_asU8()[0];
  if (first) {
    try {
      const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(first).getPayload_asU8());
      const timestamp = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getTimestamp();
      if (timestamp) return timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6);
    } catch {
      // An unparsable first transaction has no time; fall back to now.
    }
  }
  return Date.now();
}

/**
 * Every orderer signature must come from a valid channel identity and verify over
 * metadata value || signature header || header DER; together the signers must satisfy
 * BlockValidation. Returns the signers.
 */
export function checkOrdererSignatures(block: common.Block, trust: ChannelTrust, atMs = blockTimeMs(block)): VerifiedIdentity[] {
  const number = blockNumberOf(block);
  let signatures: ReturnType<typeof blockSignatures>;
  try {
    signatures = blockSignatures(block);
  } catch (error) {
    return reject('ORDERER_SIGNATURE', `SIGNATURES metadata does not decode: ${(error as Error).message}`, number);
  }
  if (signatures.length === 0) reject('ORDERER_SIGNATURE', 'the block carries no orderer signature', number);
  const signers: VerifiedIdentity[] = [];
  for (const [index, signature] of signatures.entries()) {
    let signer: VerifiedIdentity;
    try {
      signer = trust.identities.identify(signature.creator, atMs);
    } catch (error) {
      if (error instanceof VerificationError) reject('ORDERER_SIGNATURE', `signer ${index}: ${error.message}`, number);
      throw error;
    }
    if (!signer.verify(signature.signedBytes, signature.signature)) {
      reject('ORDERER_SIGNATURE', `signature ${index} by ${signer.mspId} '${signer.commonName}' does not verify`, number);
    }
    signers.push(signer);
  }
  const policy = trust.policies.get(BLOCK_VALIDATION_POLICY);
  if (!policy.evaluate(signers)) {
    reject('ORDERER_SIGNATURE', `signers [${signers.map((signer) => signer.mspId).join(', ')}] do not satisfy ${policy.description}`, number);
  }
  return signers;
}
