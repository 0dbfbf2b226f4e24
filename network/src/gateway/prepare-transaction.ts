import { common, peer } from '@hyperledger/fabric-protos';
import { payloadWithoutTransient, type UnpackedProposal } from '../endorser/unpacked-proposal';

/**
 * Assembles the unsigned transaction envelope from a proposal and its endorsements, as Fabric's
 * gateway prepareTransaction does; the client signs the payload and submits it.
 */
export function prepareTransaction(
  unpacked: UnpackedProposal,
  responsePayload: Uint8Array,
  endorsements: readonly peer.Endorsement[],
): common.Envelope {
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload);
  endorsedAction.setEndorsementsList(uniqueEndorsements(endorsements));
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(payloadWithoutTransient(unpacked.chaincodeProposalPayload));
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setHeader(unpacked.header.getSignatureHeader_asU8());
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setHeader(unpacked.header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

/** One endorsement per endorser identity. */
function uniqueEndorsements(endorsements: readonly peer.Endorsement[]): peer.Endorsement[] {
  const seen = new Set<string>();
  return endorsements.filter((endorsement) => {
    const key = Buffer.from(endorsement.getEndorser_asU8()).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
