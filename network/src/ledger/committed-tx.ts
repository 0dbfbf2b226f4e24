/**
 * A transaction as the ledger commits it: position, ID, validation result, decoded read/write set and, for
 * the peer orgs that hold it, its private data. `committedTxsFromBlock` re-derives all but the private
 * data from a stored block (used by recovery).
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { parseTransaction, type Timestamp, type TxPvtRwSet, type TxRwSet } from '../protoutil/transaction';
import { LedgerCorruptionError } from './errors';
import { getTransactionsFilter } from './transactions-filter';

export interface CommittedTx {
  readonly txNum: number;
  readonly txId: string;
  /** peer.TxValidationCode; only VALID transactions change state. */
  readonly validationCode: number;
  readonly timestamp: Timestamp | undefined;
  /** The read/write set of an endorser transaction (its first action, as Fabric uses); undefined otherwise. */
  readonly rwset: TxRwSet | undefined;
  /** Private write sets by the MSP ID of each peer org that holds them. */
  readonly privateData?: ReadonlyMap<string, TxPvtRwSet>;
}

export function isValid(tx: CommittedTx): boolean {
  return tx.validationCode === peer.TxValidationCode.VALID;
}

/** Decodes the transactions of a stored block using its TRANSACTIONS_FILTER. */
export function committedTxsFromBlock(block: common.Block): CommittedTx[] {
  const filter = getTransactionsFilter(block);
  const blockNum = block.getHeader()?.getNumber() ?? 0;
  return (block.getData()?.getDataList_asU8() ?? []).map((envelopeBytes, txNum) =>
    committedTxFromEnvelope(envelopeBytes, blockNum, txNum, filter[txNum] ?? peer.TxValidationCode.NOT_VALIDATED),
  );
}

/** One transaction of a block, decoded from its envelope. */
export function committedTxFromEnvelope(envelopeBytes: Uint8Array, blockNum: number, txNum: number, validationCode: number): CommittedTx {
  try {
    const parsed = parseTransaction(envelopeBytes);
    return {
      txNum,
      txId: parsed.channelHeader.txId,
      validationCode,
      timestamp: parsed.channelHeader.timestamp,
      rwset: parsed.actions?.[0]?.rwset,
    };
  } catch (error) {
    // A transaction that does not parse can only have been committed as invalid.
    if (validationCode === peer.TxValidationCode.VALID) {
      throw new LedgerCorruptionError(`valid transaction ${txNum} of block ${blockNum} does not parse: ${(error as Error).message}`);
    }
    return { txNum, txId: '', validationCode, timestamp: undefined, rwset: undefined };
  }
}
