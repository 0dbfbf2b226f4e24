/**
 * A consistent view of one channel's state at a block height: public and hashed state, history, and each
 * org's private state, each read through a LevelDB snapshot taken between two block commits.
 *
 * Fabric runs simulations under the commit lock so that one never reads half of a block; that also makes
 * every simulation wait for a commit, and every commit for the simulations in flight. A simulation that
 * reads from a snapshot sees exactly the blocks below `height`, while later blocks commit beside it.
 *
 * Reference counted: the ledger holds the newest one and releases it when the next block is committed;
 * each reader acquires it and releases it when done. The LevelDB snapshots close with the last reference.
 */
import type { HistoryDb, HistoryEntry, HistoryOrder } from './history/history-db';
import { LedgerClosedError } from './errors';
import type { PrivateEntry, PrivateValue, PvtDataStore } from './pvtdata/pvtdata-store';
import type { HashedValue, LevelSnapshot, StateDb, StateEntry, VersionedValue } from './statedb/state-db';

export interface SnapshotSources {
  readonly stateDb: StateDb;
  readonly historyDb: HistoryDb;
  readonly pvtStores: ReadonlyMap<string, PvtDataStore>;
  /** Public point reads at a height (the ledger answers from its cache when it can); LevelDB by default. */
  readonly readPublic?: (namespace: string, key: string, height: number, snapshot: LevelSnapshot) => VersionedValue | undefined;
}

/** Ranges of at most this many keys are remembered whole (see `getStateRange`). */
const SHORT_RANGE_KEYS = 64;
/** At most this many ranges are remembered per snapshot; the oldest go first. */
const SHORT_RANGES = 4096;

/** A public range read whole, with its bounds as LevelDB orders them. */
interface ShortRange {
  readonly namespace: string;
  readonly start: Buffer;
  /** undefined: to the end of the namespace. */
  readonly end: Buffer | undefined;
  readonly entries: readonly StateEntry[];
}

/** Public keys a block wrote (values, deletes, metadata), per namespace, as UTF-8 sorted bytewise. */
export type WrittenKeys = ReadonlyMap<string, readonly Buffer[]>;

export class LedgerSnapshot {
  private references = 1;
  /**
   * Complete results of short public ranges read through this snapshot. The same range is read again at
   * the same height by the proposal's other endorsing peers and, once the block is cut, by the validator's
   * phantom check (see LedgerStateView): they get it without another LevelDB iterator.
   */
  private readonly shortRanges = new Map<string, ShortRange>();
  private readonly state: LevelSnapshot;
  private readonly pvt: ReadonlyMap<string, LevelSnapshot>;

  /** Takes the LevelDB snapshots now; the caller must not be in the middle of writing a block. */
  constructor(
    /** Blocks visible through this snapshot (the ledger height when it was taken). */
    readonly height: number,
    private readonly sources: SnapshotSources,
  ) {
    this.state = sources.stateDb.db.snapshot();
    this.pvt = new Map([...sources.pvtStores].map(([mspId, store]) => [mspId, store.snapshot()]));
  }

  /** Another reference; throws once the snapshot is closed. */
  acquire(): this {
    if (this.references === 0) throw new LedgerClosedError();
    this.references += 1;
    return this;
  }

  /** Drops a reference; the last one closes the LevelDB snapshots. */
  release(): void {
    if (this.references === 0) return;
    this.references -= 1;
    if (this.references > 0) return;
    // A read still running holds its own reference inside classic-level, so closing now is safe.
    void this.state.close().catch(() => undefined);
    for (const snapshot of this.pvt.values()) void snapshot.close().catch(() => undefined);
  }

  get isOpen(): boolean {
    return this.references > 0;
  }

  getState(namespace: string, key: string): VersionedValue | undefined {
    const snapshot = this.openState();
    const readPublic = this.sources.readPublic;
    return readPublic ? readPublic(namespace, key, this.height, snapshot) : this.sources.stateDb.getNow(namespace, key, snapshot);
  }

  async *getStateRange(namespace: string, startKey: string, endKey: string): AsyncGenerator<StateEntry, void, undefined> {
    // Length-prefixed: composite keys contain U+0000, so a separator alone could make two ranges one id.
    const id = `${namespace.length}:${namespace}${startKey.length}:${startKey}${endKey}`;
    const known = this.shortRanges.get(id);
    if (known) {
      this.openState();
      yield* known.entries;
      return;
    }
    const entries: StateEntry[] = [];
    for await (const entry of this.sources.stateDb.getRange(namespace, startKey, endKey, this.openState())) {
      if (entries.length <= SHORT_RANGE_KEYS) entries.push(entry);
      yield entry;
    }
    // Reached only when the reader went through the whole range.
    if (entries.length > SHORT_RANGE_KEYS) return;
    if (this.shortRanges.size >= SHORT_RANGES) {
      const oldest = this.shortRanges.keys().next();
      if (!oldest.done) this.shortRanges.delete(oldest.value);
    }
    const end = endKey === '' ? undefined : Buffer.from(endKey, 'utf8');
    this.shortRanges.set(id, { namespace, start: Buffer.from(startKey, 'utf8'), end, entries });
  }

  /**
   * Takes over the short ranges of the snapshot one block below this one that the block left as they were:
   * it wrote no key inside them, so they hold the same keys with the same versions and values.
   */
  inheritShortRanges(previous: LedgerSnapshot, written: WrittenKeys): void {
    for (const [id, range] of previous.shortRanges) {
      const keys = written.get(range.namespace);
      if (!keys || !anyKeyIn(keys, range.start, range.end)) this.shortRanges.set(id, range);
    }
  }

  getHashed(namespace: string, collection: string, keyHash: Uint8Array): HashedValue | undefined {
    return this.sources.stateDb.getHashedNow(namespace, collection, keyHash, this.openState());
  }

  /** This org's private value; undefined also when the ledger keeps no private data of the org. */
  getPrivateData(mspId: string, namespace: string, collection: string, key: string): Promise<PrivateValue | undefined> {
    const store = this.sources.pvtStores.get(mspId);
    if (!store) return Promise.resolve(undefined);
    return store.get(namespace, collection, key, this.openPvt(mspId));
  }

  async *getPrivateDataRange(mspId: string, namespace: string, collection: string, startKey: string, endKey: string): AsyncGenerator<PrivateEntry, void, undefined> {
    const store = this.sources.pvtStores.get(mspId);
    if (!store) return;
    yield* store.getRange(namespace, collection, startKey, endKey, this.openPvt(mspId));
  }

  getHistoryForKey(namespace: string, key: string, order: HistoryOrder = 'newestFirst'): AsyncGenerator<HistoryEntry, void, undefined> {
    return this.sources.historyDb.getHistoryForKey(namespace, key, order, this.openState());
  }

  private openState(): LevelSnapshot {
    if (this.references === 0) throw new LedgerClosedError();
    return this.state;
  }

  private openPvt(mspId: string): LevelSnapshot | undefined {
    if (this.references === 0) throw new LedgerClosedError();
    return this.pvt.get(mspId);
  }
}

/** Whether a bytewise-sorted key list has a key in [start, end) (end undefined: unbounded). */
function anyKeyIn(sorted: readonly Buffer[], start: Buffer, end: Buffer | undefined): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (Buffer.compare(sorted[middle] as Buffer, start) < 0) low = middle + 1;
    else high = middle;
  }
  const first = sorted[low];
  return first !== undefined && (end === undefined || Buffer.compare(first, end) < 0);
}
