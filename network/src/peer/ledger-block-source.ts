import type { BlockSource, CommittedBlock } from '../gateway/gateway-context';
import { getTransactionsFilter, type KvLedger } from '../ledger';

/** Committed blocks of the peer ledger with their validation flags, following new commits. */
export class LedgerBlockSource implements BlockSource {
  constructor(private readonly ledger: KvLedger) {}

  height(): number {
    return this.ledger.height;
  }

  async blockNumberOfTransaction(txId: string): Promise<number | undefined> {
    return (await this.ledger.getTransactionByTxId(txId))?.blockNum;
  }

  async *blocksFrom(startBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock> {
    for await (const block of this.ledger.blocks(startBlock, { follow: true, signal })) {
      yield { block, validationCodes: getTransactionsFilter(block) };
    }
  }
}
