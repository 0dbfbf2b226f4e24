import { common, peer } from '@hyperledger/fabric-protos';

export interface BlockWithCodes {
  readonly block: common.Block;
  readonly validationCodes: Uint8Array;
}

/** Chaincode events of the block's VALID endorser transactions, in block order. */
export function chaincodeEventsOf(committed: BlockWithCodes): peer.ChaincodeEvent[] {
  const events: peer.ChaincodeEvent[] = [];
  const entries = committed.block.getData()?.getDataList_asU8() ?? [];
  entries.forEach((entry, index) => {
    if (committed.validationCodes[index] !== peer.TxValidationCode.VALID) return;
    const event = chaincodeEventOfEnvelope(entry);
    if (event) events.push(event);
  });
  return events;
}

/** The chaincode event of an endorser transaction envelope, if it set one. */
export function chaincodeEventOfEnvelope(envelopeBytes: Uint8Array): peer.ChaincodeEvent | undefined {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return undefined;
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  for (const action of transaction.getActionsList()) {
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const responsePayload = actionPayload.getAction()?.getProposalResponsePayload_asU8();
    if (!responsePayload) continue;
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(responsePayload).getExtension_asU8());
    const eventBytes = chaincodeAction.getEvents_asU8();
    if (eventBytes.length === 0) continue;
    const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
    if (event.getEventName()) return event;
  }
  return undefined;
}
