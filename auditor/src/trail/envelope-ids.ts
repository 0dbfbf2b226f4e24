import { common } from '@hyperledger/fabric-protos';

/** The txID in an envelope's channel header, or undefined for bytes that are not an envelope. */
export function txIdOfEnvelope(envelopeBytes: Uint8Array): string | undefined {
  try {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    return common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getTxId();
  } catch {
    return undefined;
  }
}

/** Position of a transaction in a block, or -1. */
export function findTransaction(block: common.Block, txId: string): number {
  return (block.getData()?.getDataList_asU8() ?? []).findIndex((entry) => txIdOfEnvelope(entry) === txId);
}
