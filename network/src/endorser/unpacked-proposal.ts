import { createHash } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';

/** A signed proposal decoded once, with Fabric's proposal hash (as core/endorser/msgvalidation.go). */
export interface UnpackedProposal {
  readonly signedProposal: peer.SignedProposal;
  /** The signed proposal's proposal bytes this was unpacked from. */
  readonly proposalBytes: Uint8Array;
  readonly proposal: peer.Proposal;
  readonly header: common.Header;
  readonly channelHeader: common.ChannelHeader;
  readonly signatureHeader: common.SignatureHeader;
  readonly chaincodeName: string;
  readonly input: peer.ChaincodeInput;
  readonly chaincodeProposalPayload: peer.ChaincodeProposalPayload;
  readonly transientMap: Map<string, Uint8Array>;
  /** SHA-256(channel header || signature header || proposal payload without transient data). */
  readonly proposalHash: Uint8Array;
  readonly txId: string;
  readonly channelId: string;
}

export class ProposalFormatError extends Error {
  override name = 'ProposalFormatError';
}

/**
 * The gateway unpacks a proposal and hands the same SignedProposal to each endorsing peer of the process,
 * which unpack it again; the result is remembered per message object (for as long as its proposal bytes
 * are the same array) so the work is done once.
 */
const unpackedBySignedProposal = new WeakMap<peer.SignedProposal, UnpackedProposal>();

export function unpackProposal(signedProposal: peer.SignedProposal): UnpackedProposal {
  const known = unpackedBySignedProposal.get(signedProposal);
  if (known && known.proposalBytes === signedProposal.getProposalBytes_asU8()) return known;
  let unpacked: UnpackedProposal;
  try {
    unpacked = unpack(signedProposal);
  } catch (error) {
    if (error instanceof ProposalFormatError) throw error;
    throw new ProposalFormatError(`could not unpack proposal: ${(error as Error).message}`);
  }
  unpackedBySignedProposal.set(signedProposal, unpacked);
  return unpacked;
}

function unpack(signedProposal: peer.SignedProposal): UnpackedProposal {
  const proposalBytes = signedProposal.getProposalBytes_asU8();
  if (proposalBytes.length === 0) throw new ProposalFormatError('a signed proposal is required');
  const proposal = peer.Proposal.deserializeBinary(proposalBytes);
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  const extension = peer.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8());
  const chaincodeId = extension.getChaincodeId();
  if (!chaincodeId) throw new ProposalFormatError('ChaincodeHeaderExtension.ChaincodeId is nil');
  if (!chaincodeId.getName()) throw new ProposalFormatError('ChaincodeHeaderExtension.ChaincodeId.Name is empty');
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8());
  const spec = invocation.getChaincodeSpec();
  if (!spec) throw new ProposalFormatError('chaincode invocation spec did not contain chaincode spec');
  const input = spec.getInput();
  if (!input) throw new ProposalFormatError('chaincode input did not contain any input');
  const transientMap = new Map<string, Uint8Array>();
  payload.getTransientmapMap().forEach((value, key) => {
    transientMap.set(key, typeof value === 'string' ? Buffer.from(value, 'base64') : value);
  });
  const proposalHash = createHash('sha256')
    .update(header.getChannelHeader_asU8())
    .update(header.getSignatureHeader_asU8())
    .update(payloadWithoutTransient(payload))
    .digest();
  return {
    signedProposal,
    proposalBytes,
    proposal,
    header,
    channelHeader,
    signatureHeader,
    chaincodeName: chaincodeId.getName(),
    input,
    chaincodeProposalPayload: payload,
    transientMap,
    proposalHash,
    txId: channelHeader.getTxId(),
    channelId: channelHeader.getChannelId(),
  };
}

/** The part of the proposal payload that goes into the transaction: transient data removed. */
export function payloadWithoutTransient(payload: peer.ChaincodeProposalPayload): Uint8Array {
  const copy = new peer.ChaincodeProposalPayload();
  copy.setInput(payload.getInput_asU8());
  return copy.serializeBinary();
}
