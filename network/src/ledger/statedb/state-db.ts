/**
 * Versioned world state of one channel in classic-level: public keys per namespace and hashed private keys
 * per (namespace, collection), with a savepoint written in the same batch as the block's updates
 * (Fabric's stateleveldb + privacyenabledstate, simplified).
 */
import { ClassicLevel, type Snapshot } from 'classic-level';
import type { Version } from '../../protoutil/transaction';
import { decodeVersion, encodeVersion, type LevelOp } from '../encoding';
import {
  decodeHashedExpiryKey,
  hashedExpiryRangeUpTo,
  hashedKey,
  publicKey,
  publicNamespacePrefix,
  publicRange,
  SAVEPOINT_KEY,
  type HashedExpiryEntry,
} from './state-keys';
import type { StateUpdateBatch } from './update-batch';
import { decodeVersionedValue, encodeVersionedValue, type StateMetadata, type VersionedValue } from './value-codec';

export type { StateMetadata, VersionedValue } from './value-codec';

export type LedgerLevel = ClassicLevel<Buffer, Buffer>;

/** A LevelDB snapshot: reads given one see the DB as it was when it was taken. */
export type LevelSnapshot = Snapshot;

/**
 * Point reads are synchronous LevelDB gets (classic-level getSync): a few µs from the memtable or block
 * cache, against ~20 µs of thread-pool round trip and promise for an async get; the state is small and
 * hot, so a read that must go to disk is rare.
 */
export function readSync(db: LedgerLevel, key: Buffer, snapshot?: LevelSnapshot): Buffer | undefined {
  return snapshot ? db.getSync(key, { snapshot }) : db.getSync(key);
}

export interface HashedValue {
  readonly valueHash: Buffer;
  readonly version: Version;
  readonly metadata: StateMetadata | undefined;
}

export interface StateEntry extends VersionedValue {
  readonly key: string;
}

/** Entries fetched per native call: most ranges of the ledger are short and end within the first batch. */
const RANGE_BATCH = 64;

/**
 * The entries of a LevelDB range, read a batch at a time (classic-level's `next()` asks for one entry and
 * then a second batch: two thread-pool round trips even for a range of one key).
 */
export async function* rangeEntries(
  db: LedgerLevel,
  options: { gte: Buffer; lt: Buffer; reverse?: boolean; snapshot?: LevelSnapshot },
): AsyncGenerator<[Buffer, Buffer], void, undefined> {
  const iterator = db.iterator(options);
  try {
    for (;;) {
      const entries = await iterator.nextv(RANGE_BATCH);
      if (entries.length === 0) return;
      yield* entries;
    }
  } finally {
    await iterator.close();
  }
}

export async function openLedgerLevel(location: string): Promise<LedgerLevel> {
  const db: LedgerLevel = new ClassicLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  return db;
}

export class StateDb {
  constructor(readonly db: LedgerLevel) {}

  /** The latest committed value, or the value in `snapshot` when one is given. */
  async get(namespace: string, key: string, snapshot?: LevelSnapshot): Promise<VersionedValue | undefined> {
    return this.getNow(namespace, key, snapshot);
  }

  /** `get` without the promise, for callers that read many keys in a row. */
  getNow(namespace: string, key: string, snapshot?: LevelSnapshot): VersionedValue | undefined {
    const bytes = readSync(this.db, publicKey(namespace, key), snapshot);
    return bytes ? decodeVersionedValue(bytes) : undefined;
  }

  /** Several public keys, in the order given. */
  async getMany(keys: readonly { namespace: string; key: string }[], snapshot?: LevelSnapshot): Promise<(VersionedValue | undefined)[]> {
    return keys.map(({ namespace, key }) => this.getNow(namespace, key, snapshot));
  }

  async getMetadata(namespace: string, key: string, snapshot?: LevelSnapshot): Promise<StateMetadata | undefined> {
    return this.getNow(namespace, key, snapshot)?.metadata;
  }

  /** Keys in [startKey, endKey) by UTF-8 byte order; '' leaves that side unbounded. */
  async *getRange(namespace: string, startKey: string, endKey: string, snapshot?: LevelSnapshot): AsyncGenerator<StateEntry, void, undefined> {
    const prefixLength = publicNamespacePrefix(namespace).length;
    const range = publicRange(namespace, startKey, endKey);
    for await (const [key, value] of rangeEntries(this.db, snapshot ? { ...range, snapshot } : range)) {
      yield { key: key.subarray(prefixLength).toString('utf8'), ...decodeVersionedValue(value) };
    }
  }

  async getHashed(namespace: string, collection: string, keyHash: Uint8Array, snapshot?: LevelSnapshot): Promise<HashedValue | undefined> {
    return this.getHashedNow(namespace, collection, keyHash, snapshot);
  }

  getHashedNow(namespace: string, collection: string, keyHash: Uint8Array, snapshot?: LevelSnapshot): HashedValue | undefined {
    const bytes = readSync(this.db, hashedKey(namespace, collection, keyHash), snapshot);
    if (!bytes) return undefined;
    const { value, version, metadata } = decodeVersionedValue(bytes);
    return { valueHash: value, version, metadata };
  }

  async getHashedMetadata(namespace: string, collection: string, keyHash: Uint8Array, snapshot?: LevelSnapshot): Promise<StateMetadata | undefined> {
    return this.getHashedNow(namespace, collection, keyHash, snapshot)?.metadata;
  }

  /** Height of the last block whose updates are in the state, or undefined for an empty state. */
  async getSavepoint(): Promise<Version | undefined> {
    const bytes = readSync(this.db, SAVEPOINT_KEY);
    return bytes ? decodeVersion(bytes) : undefined;
  }

  /** Hashed-state expiry schedule entries due at or before `blockNum`. */
  async hashedExpiryDue(blockNum: number): Promise<HashedExpiryEntry[]> {
    const entries: HashedExpiryEntry[] = [];
    for await (const key of this.db.keys(hashedExpiryRangeUpTo(blockNum))) entries.push(decodeHashedExpiryKey(key));
    return entries;
  }

  /**
   * Writes the block's updates, any extra operations of the same block (history, schedules) and the savepoint
   * as ONE LevelDB batch, so a crash leaves either all of the block or none of it. The batch is not synced:
   * state is derived from the durable block store, and a savepoint lost with the OS page cache only means
   * `KvLedger.open` replays those blocks again (Fabric syncs here; recovery makes it unnecessary).
   */
  async applyUpdates(batch: StateUpdateBatch, savepoint: Version, extraOps: readonly LevelOp[] = []): Promise<void> {
    const ops: LevelOp[] = [];
    for (const update of batch.publicUpdates.values()) {
      const key = publicKey(update.namespace, update.key);
      ops.push(
        update.value === null
          ? { type: 'del', key }
          : { type: 'put', key, value: encodeVersionedValue(update.value, update.version, update.metadata) },
      );
    }
    for (const update of batch.hashedUpdates.values()) {
      const key = hashedKey(update.namespace, update.collection, update.keyHash);
      ops.push(
        update.valueHash === null
          ? { type: 'del', key }
          : { type: 'put', key, value: encodeVersionedValue(update.valueHash, update.version, update.metadata) },
      );
    }
    ops.push(...extraOps, { type: 'put', key: SAVEPOINT_KEY, value: encodeVersion(savepoint) });
    await this.db.batch(ops, { sync: false });
  }
}
