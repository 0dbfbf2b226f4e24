import { common, peer } from '@hyperledger/fabric-protos';
import { summarizeTransaction } from '@mobility-ledger/auditor/dist/trail/transaction-summary';

/** One transaction of a new block, as the dashboard's live feed shows it. */
export interface LiveTransaction {
  readonly txNumber: number;
  readonly txId: string;
  readonly headerType: string;
  readonly timestamp?: string;
  readonly validation: string;
  readonly validationCode: number;
  readonly function?: string;
  readonly submitter: { readonly mspId: string; readonly commonName: string };
  readonly endorsers: readonly string[];
  readonly devices: readonly string[];
  /** Displayed keys it wrote (at most MAX_KEYS), so the page can tell which entities changed. */
  readonly keys: readonly string[];
  readonly moreKeys: number;
}

export interface LiveBlock {
  readonly blockNumber: number;
  readonly receivedAtMs: number;
  readonly transactions: readonly LiveTransaction[];
}

const MAX_KEYS = 24;

/** A committed block in a few hundred bytes: no arguments, values or certificates. */
export function summarizeBlock(block: common.Block, receivedAtMs: number): LiveBlock {
  const blockNumber = block.getHeader()?.getNumber() ?? -1;
  const codes = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions = (block.getData()?.getDataList_asU8() ?? []).map((envelope, txNumber): LiveTransaction => {
    const summary = summarizeTransaction(envelope, blockNumber, txNumber, codes[txNumber] ?? peer.TxValidationCode.NOT_VALIDATED);
    const keys = [...new Set(summary.writes.map((write) => write.display))];
    return {
      txNumber,
      txId: summary.txId,
      headerType: summary.headerType,
      ...(summary.timestamp ? { timestamp: summary.timestamp } : {}),
      validation: summary.validation,
      validationCode: summary.validationCode,
      ...(summary.function ? { function: summary.function } : {}),
      submitter: summary.submitter,
      endorsers: [...new Set(summary.endorsers.map((endorser) => endorser.mspId))].sort(),
      devices: [...new Set(summary.devices.map((device) => device.device))],
      keys: keys.slice(0, MAX_KEYS),
      moreKeys: Math.max(0, keys.length - MAX_KEYS),
    };
  });
  return { blockNumber, receivedAtMs, transactions };
}
