/**
 * Versioned world state of one channel in classic-level: public keys per namespace and hashed private keys
 * per (namespace, collection), with a savepoint written in the same batch as the block's updates
 * (Fabric's stateleveldb + privacyenabledstate, simplified).
 */
import { ClassicLevel } from 'classic-level';
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

export interface HashedValue {
  readonly valueHash: Buffer;
  readonly version: Version;
  readonly metadata: StateMetadata | undefined;
}

export interface StateEntry extends VersionedValue {
  readonly key: string;
}

export async function openLedgerLevel(location: string): Promise<LedgerLevel> {
  const db: LedgerLevel = new ClassicLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  return db;
}

export class StateDb {
  constructor(readonly db: LedgerLevel) {}

  async get(namespace: string, key: string): Promise<VersionedValue | undefined> {
    const bytes = await this.db.get(publicKey(namespace, key));
    return bytes ? decodeVersionedValue(bytes) : undefined;
  }

  /** Several public keys in one LevelDB call, in the order given. */
  async getMany(keys: readonly { namespace: string; key: string }[]): Promise<(VersionedValue | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.db.getMany(keys.map(({ namespace, key }) => publicKey(namespace, key)));
    return values.map((bytes) => (bytes ? decodeVersionedValue(bytes) : undefined));
  }

  async getMetadata(namespace: string, key: string): Promise<StateMetadata | undefined> {
    return (await this.get(namespace, key))?.metadata;
  }

  /** Keys in [startKey, endKey) by UTF-8 byte order; '' leaves that side unbounded. */
  async *getRange(namespace: string, startKey: string, endKey: string): AsyncGenerator<StateEntry, void, undefined> {
    const prefixLength = publicNamespacePrefix(namespace).length;
    for await (const [key, value] of this.db.iterator(publicRange(namespace, startKey, endKey))) {
      yield { key: key.subarray(prefixLength).toString('utf8'), ...decodeVersionedValue(value) };
    }
  }

  async getHashed(namespace: string, collection: string, keyHash: Uint8Array): Promise<HashedValue | undefined> {
    const bytes = await this.db.get(hashedKey(namespace, collection, keyHash));
    if (!bytes) return undefined;
    const { value, version, metadata } = decodeVersionedValue(bytes);
    return { valueHash: value, version, metadata };
  }

  async getHashedMetadata(namespace: string, collection: string, keyHash: Uint8Array): Promise<StateMetadata | undefined> {
    return (await this.getHashed(namespace, collection, keyHash))?.metadata;
  }

  /** Height of the last block whose updates are in the state, or undefined for an empty state. */
  async getSavepoint(): Promise<Version | undefined> {
    const bytes = await this.db.get(SAVEPOINT_KEY);
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
   * as ONE synced LevelDB batch, so a crash leaves either all of the block or none of it.
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
    await this.db.batch(ops, { sync: true });
  }
}
