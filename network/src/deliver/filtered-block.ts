import { common, peer } from '@hyperledger/fabric-protos';
import type { BlockWithCodes } from '../protoutil/block-events';
import { chaincodeEventOfEnvelope } from '../protoutil/block-events';

/** The filtered view of a block that DeliverFiltered sends: tx IDs, types, codes, events without payloads. */
export function toFilteredBlock(channelId: string, committed: BlockWithCodes): peer.FilteredBlock {
  const filtered = new peer.FilteredBlock();
  filtered.setChannelId(channelId);
  filtered.setNumber(committed.block.getHeader()?.getNumber() ?? 0);
  const transactions = (committed.block.getData()?.getDataList_asU8() ?? []).map((entry, index) => {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(entry).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    const transaction = new peer.FilteredTransaction();
    transaction.setTxid(channelHeader.getTxId());
    transaction.setType(channelHeader.getType() as never);
    transaction.setTxValidationCode((committed.validationCodes[index] ?? peer.TxValidationCode.NOT_VALIDATED) as never);
    if (channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION) {
      const actions = new peer.FilteredTransactionActions();
      const event = chaincodeEventOfEnvelope(entry);
      const action = new peer.FilteredChaincodeAction();
      if (event) {
        const withoutPayload = new peer.ChaincodeEvent();
        withoutPayload.setChaincodeId(event.getChaincodeId());
        withoutPayload.setTxId(event.getTxId());
        withoutPayload.setEventName(event.getEventName());
        action.setChaincodeEvent(withoutPayload);
      }
      actions.setChaincodeActionsList([action]);
      transaction.setTransactionActions(actions);
    }
    return transaction;
  });
  filtered.setFilteredTransactionsList(transactions);
  return filtered;
}
