import type { TxPvtRwSet } from '../protoutil/transaction';

interface Entry {
  readonly heightWhenStored: number;
  readonly byOrg: Map<string, TxPvtRwSet>;
}

/**
 * Private write sets produced at endorsement, held until the transaction commits (Fabric's transient
 * store), then handed to the member orgs' private data stores. Entries of transactions that never
 * commit are purged after a number of blocks.
 */
export class TransientStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly retainBlocks = 1000) {}

  put(txId: string, mspId: string, privateData: TxPvtRwSet, height: number): void {
    const entry = this.entries.get(txId) ?? { heightWhenStored: height, byOrg: new Map<string, TxPvtRwSet>() };
    entry.byOrg.set(mspId, privateData);
    this.entries.set(txId, entry);
  }

  take(txId: string): ReadonlyMap<string, TxPvtRwSet> | undefined {
    const entry = this.entries.get(txId);
    this.entries.delete(txId);
    return entry?.byOrg;
  }

  purgeBelow(height: number): void {
    for (const [txId, entry] of this.entries) {
      if (entry.heightWhenStored + this.retainBlocks < height) this.entries.delete(txId);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
