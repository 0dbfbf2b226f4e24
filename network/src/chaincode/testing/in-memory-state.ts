/**
 * A StateReader over plain maps, for tests: "commit" values with explicit versions and read them back
 * with the same ordering and range rules as the LevelDB state.
 */
import { createHash } from 'node:crypto';
import { compareKeys, inRange } from '../../protoutil/key-order';
import type {
  HashedState,
  HistoryRecord,
  PrivateState,
  StateEntry,
  StateMetadata,
  StateReader,
  Timestamp,
  Version,
  VersionedState,
} from '../state-reader';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function sortedEntries<T>(map: ReadonlyMap<string, T>, startKey: string, endKey: string): [string, T][] {
  return [...map.entries()].filter(([key]) => inRange(key, startKey, endKey)).sort(([a], [b]) => compareKeys(a, b));
}

export interface CommitOptions {
  readonly version: Version;
  readonly metadata?: StateMetadata;
  readonly txId?: string;
  readonly timestamp?: Timestamp;
}

export class InMemoryState implements StateReader {
  private readonly publicState = new Map<string, Map<string, VersionedState>>();
  private readonly hashedState = new Map<string, Map<string, HashedState>>();
  private readonly privateState = new Map<string, Map<string, PrivateState>>();
  private readonly history = new Map<string, HistoryRecord[]>();

  /** Commits a public value (undefined deletes), appending to the key's history. */
  put(namespace: string, key: string, value: Uint8Array | string | undefined, options: CommitOptions): void {
    const values = this.bucket(this.publicState, namespace);
    const txId = options.txId ?? `tx-${options.version.blockNum}-${options.version.txNum}`;
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    if (bytes === undefined) values.delete(key);
    else values.set(key, { value: bytes, version: options.version, metadata: options.metadata });
    const records = this.history.get(`${namespace}\u0000${key}`) ?? [];
    records.unshift({ txId, value: bytes ?? new Uint8Array(), timestamp: options.timestamp, isDelete: bytes === undefined });
    this.history.set(`${namespace}\u0000${key}`, records);
  }

  /** Commits a private value: the hash goes to every peer; `storePrivate` says whether this org keeps the value. */
  putPrivate(namespace: string, collection: string, key: string, value: Uint8Array | string, options: CommitOptions & { storePrivate?: boolean }): void {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    this.bucket(this.hashedState, `${namespace}$${collection}`).set(hex(sha256(key)), {
      valueHash: sha256(bytes),
      version: options.version,
      metadata: options.metadata,
    });
    if (options.storePrivate ?? true) {
      this.bucket(this.privateState, `${namespace}$${collection}`).set(key, { value: bytes, version: options.version });
    }
  }

  async get(namespace: string, key: string): Promise<VersionedState | undefined> {
    return this.publicState.get(namespace)?.get(key);
  }

  async *getRange(namespace: string, startKey: string, endKey: string): AsyncIterable<StateEntry> {
    for (const [key, state] of sortedEntries(this.publicState.get(namespace) ?? new Map<string, VersionedState>(), startKey, endKey)) {
      yield { key, value: state.value, version: state.version };
    }
  }

  async getHashed(namespace: string, collection: string, keyHash: Uint8Array): Promise<HashedState | undefined> {
    return this.hashedState.get(`${namespace}$${collection}`)?.get(hex(keyHash));
  }

  async getPrivate(namespace: string, collection: string, key: string): Promise<PrivateState | undefined> {
    return this.privateState.get(`${namespace}$${collection}`)?.get(key);
  }

  async *getPrivateRange(namespace: string, collection: string, startKey: string, endKey: string): AsyncIterable<StateEntry> {
    const values = this.privateState.get(`${namespace}$${collection}`) ?? new Map<string, PrivateState>();
    for (const [key, state] of sortedEntries(values, startKey, endKey)) yield { key, ...state };
  }

  async *getHistory(namespace: string, key: string): AsyncIterable<HistoryRecord> {
    yield* this.history.get(`${namespace}\u0000${key}`) ?? [];
  }

  private bucket<T>(maps: Map<string, Map<string, T>>, name: string): Map<string, T> {
    let bucket = maps.get(name);
    if (!bucket) {
      bucket = new Map<string, T>();
      maps.set(name, bucket);
    }
    return bucket;
  }
}
