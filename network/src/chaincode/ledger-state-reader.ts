/** The StateReader of one peer: its channel ledger, with the private data of the peer's own org. */
import type { KvLedger } from '../ledger';
import type { HashedState, HistoryRecord, PrivateState, StateEntry, StateReader, VersionedState } from './state-reader';

export class LedgerStateReader implements StateReader {
  constructor(
    private readonly ledger: KvLedger,
    /** The peer's org: whose private data store answers private reads. */
    private readonly mspId: string,
    /** Shared with the committer, so a simulation never reads half of a block's writes. */
    private readonly lock?: { acquireShared(): Promise<() => void> },
  ) {}

  acquireSimulationLock(): Promise<() => void> {
    return this.lock ? this.lock.acquireShared() : Promise.resolve(() => undefined);
  }

  async get(namespace: string, key: string): Promise<VersionedState | undefined> {
    return this.ledger.getState(namespace, key);
  }

  async *getRange(namespace: string, startKey: string, endKey: string): AsyncIterable<StateEntry> {
    for await (const { key, value, version } of this.ledger.getStateRange(namespace, startKey, endKey)) yield { key, value, version };
  }

  async getHashed(namespace: string, collection: string, keyHash: Uint8Array): Promise<HashedState | undefined> {
    return this.ledger.stateDb.getHashed(namespace, collection, keyHash);
  }

  /** Undefined when this org keeps no private data for the channel (not a member of any collection). */
  async getPrivate(namespace: string, collection: string, key: string): Promise<PrivateState | undefined> {
    if (!this.ledger.pvtStores.has(this.mspId)) return undefined;
    return this.ledger.getPrivateData(this.mspId, namespace, collection, key);
  }

  async *getPrivateRange(namespace: string, collection: string, startKey: string, endKey: string): AsyncIterable<StateEntry> {
    if (!this.ledger.pvtStores.has(this.mspId)) return;
    yield* this.ledger.getPrivateDataRange(this.mspId, namespace, collection, startKey, endKey);
  }

  async *getHistory(namespace: string, key: string): AsyncIterable<HistoryRecord> {
    for await (const { txId, value, timestamp, isDelete } of this.ledger.getHistoryForKey(namespace, key)) {
      yield { txId, value, timestamp, isDelete };
    }
  }
}
