/** The StateReader of one peer: its channel ledger, with the private data of the peer's own org. */
import type { KvLedger, LedgerSnapshot } from '../ledger';
import type { HashedState, HistoryRecord, PinnedStateReader, PrivateState, StateEntry, StateReader, VersionedState } from './state-reader';

/** Reads the latest committed state; simulations read through `openSnapshot` instead. */
export class LedgerStateReader implements StateReader {
  constructor(
    private readonly ledger: KvLedger,
    /** The peer's org: whose private data store answers private reads. */
    private readonly mspId: string,
  ) {}

  /** The state at the current height, for one simulation: later commits do not change what it reads. */
  async openSnapshot(): Promise<PinnedStateReader> {
    return new SnapshotStateReader(this.ledger.snapshot(), this.mspId);
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

/** One peer's reads through a ledger snapshot. */
class SnapshotStateReader implements PinnedStateReader {
  private released = false;

  constructor(
    private readonly snapshot: LedgerSnapshot,
    private readonly mspId: string,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.snapshot.release();
  }

  async get(namespace: string, key: string): Promise<VersionedState | undefined> {
    return this.snapshot.getState(namespace, key);
  }

  async *getRange(namespace: string, startKey: string, endKey: string): AsyncIterable<StateEntry> {
    for await (const { key, value, version } of this.snapshot.getStateRange(namespace, startKey, endKey)) yield { key, value, version };
  }

  async getHashed(namespace: string, collection: string, keyHash: Uint8Array): Promise<HashedState | undefined> {
    return this.snapshot.getHashed(namespace, collection, keyHash);
  }

  async getPrivate(namespace: string, collection: string, key: string): Promise<PrivateState | undefined> {
    return this.snapshot.getPrivateData(this.mspId, namespace, collection, key);
  }

  async *getPrivateRange(namespace: string, collection: string, startKey: string, endKey: string): AsyncIterable<StateEntry> {
    yield* this.snapshot.getPrivateDataRange(this.mspId, namespace, collection, startKey, endKey);
  }

  async *getHistory(namespace: string, key: string): AsyncIterable<HistoryRecord> {
    for await (const { txId, value, timestamp, isDelete } of this.snapshot.getHistoryForKey(namespace, key)) {
      yield { txId, value, timestamp, isDelete };
    }
  }
}
