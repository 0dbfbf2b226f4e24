/**
 * World state as a replay of the blocks computes it: the public writes of the VALID endorser transactions
 * (per TRANSACTIONS_FILTER), in block and transaction order, each key versioned by (block, tx) of its last
 * write. Decoded here from the protos, independently of the network's ledger code.
 */
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { transactionsFilter } from './block-verification';

export interface ReplayedValue {
  readonly value: Buffer;
  readonly blockNum: number;
  readonly txNum: number;
}

export class StateReplayError extends Error {
  override name = 'StateReplayError';
}

/** The namespace's public read-write sets of an endorser transaction envelope (all its actions). */
export function namespaceRwSets(envelopeBytes: Uint8Array, namespace: string): ledger.rwset.kvrwset.KVRWSet[] {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  return transaction.getActionsList().flatMap((action) => {
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const responsePayload = peer.ProposalResponsePayload.deserializeBinary(actionPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array());
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
    const txRwSet = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
    return txRwSet
      .getNsRwsetList()
      .filter((ns) => ns.getNamespace() === namespace)
      .map((ns) => ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()));
  });
}

/** Replays the namespace's public state from blocks 0..n (which must be complete and in order). */
export function replayNamespace(blocks: readonly common.Block[], namespace: string): Map<string, ReplayedValue> {
  const state = new Map<string, ReplayedValue>();
  for (const block of blocks) {
    const blockNum = block.getHeader()?.getNumber() ?? -1;
    const filter = transactionsFilter(block);
    (block.getData()?.getDataList_asU8() ?? []).forEach((envelopeBytes, txNum) => {
      if (filter[txNum] !== peer.TxValidationCode.VALID) return;
      const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
      const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
      if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return;
      for (const rwset of namespaceRwSets(envelopeBytes, namespace)) {
        if (rwset.getMetadataWritesList().length > 0) {
          // Key metadata (key-level policies) is not replayed here; the loads these tests drive write none.
          throw new StateReplayError(`block ${blockNum} tx ${txNum} writes key metadata, which this replay does not model`);
        }
        for (const write of rwset.getWritesList()) {
          if (write.getIsDelete()) state.delete(write.getKey());
          else state.set(write.getKey(), { value: Buffer.from(write.getValue_asU8()), blockNum, txNum });
        }
      }
    });
  }
  return state;
}
