/**
 * One peer org's private data: the pvtdata store (each transaction's collection write sets, by block) and the
 * private state derived from it, in one classic-level DB at `<rootDir>/pvtdataStore/<channel>/<mspId>`.
 *
 * Commit happens in two steps, mirroring Fabric's order:
 *  1. `storeBlockData` before the block is appended to the block store (Fabric's commitToPvtAndBlockStore
 *     writes the pvtdata store first), synced when the block holds private data for this org. If the store
 *     already holds the block (a crash hit between this step and the block append), the stored data is kept,
 *     as Fabric does when the pvtdata store is ahead of the block store. A block without data for this org
 *     needs no sync: if its store height is lost, recovery reads no data for it, which is what it had.
 *  2. `applyBlockToState` after the public state commit: private writes of valid transactions, explicit
 *     purges (PurgePrivateData) and block-to-live expiry, with the state height, in one batch. Because step
 *     1 is durable, a crash before step 2 (or losing an unsynced step 2) is repaired by replaying step 2 on
 *     open, so it is not synced.
 */
import { ClassicLevel } from 'classic-level';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { ledger } from '@hyperledger/fabric-protos';
import { decodeKvRwSet, isKvWriteDelete, type Version } from '../../protoutil/transaction';
import { compareVersions, readUint64, toBuffer, uint64, type LevelOp } from '../encoding';
import { StagedWrites } from '../staged-writes';
import { rangeEntries, readSync, type LedgerLevel, type LevelSnapshot } from '../statedb/state-db';
import { decodeVersionedValue, encodeVersionedValue } from '../statedb/value-codec';
import { expiringBlock, type BtlPolicy } from './btl-policy';
import {
  dataKey,
  dataRangeOfBlock,
  decodeDataKey,
  decodeExpiryKey,
  decodeHashedIndexHeight,
  expiryKey,
  expiryRangeUpTo,
  hashedIndexKey,
  hashedIndexRange,
  keyHashOf,
  STATE_HEIGHT_KEY,
  stateKey,
  stateRange,
  STORE_HEIGHT_KEY,
  type DataKey,
} from './pvtdata-keys';

/** One transaction's private write set for one collection, as the endorser produced it. */
export interface PvtCollectionData {
  readonly txNum: number;
  readonly namespace: string;
  readonly collection: string;
  /** Serialized KVRWSet (its SHA-256 is the pvt_rwset_hash in the block). */
  readonly rwsetBytes: Uint8Array;
}

export interface PurgeRequest {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: Uint8Array;
}

/** What a VALID transaction of the block does to this org's private state. */
export interface PvtStateTx {
  readonly txNum: number;
  readonly collections: readonly PvtCollectionData[];
  readonly purges: readonly PurgeRequest[];
}

export interface PrivateValue {
  readonly value: Buffer;
  readonly version: Version;
}

export interface PrivateEntry extends PrivateValue {
  readonly key: string;
}

export interface PvtDataStoreOptions {
  readonly rootDir: string;
  readonly channelId: string;
  readonly mspId: string;
  readonly btlPolicy: BtlPolicy;
}

export class PvtDataStore {
  private constructor(
    readonly mspId: string,
    private readonly db: LedgerLevel,
    private readonly btlPolicy: BtlPolicy,
    private storedHeight: number,
    private appliedHeight: number,
  ) {}

  static async open(options: PvtDataStoreOptions): Promise<PvtDataStore> {
    const location = path.join(options.rootDir, 'pvtdataStore', options.channelId, options.mspId);
    await fs.mkdir(path.dirname(location), { recursive: true });
    const db: LedgerLevel = new ClassicLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    const stored = await db.get(STORE_HEIGHT_KEY);
    const applied = await db.get(STATE_HEIGHT_KEY);
    return new PvtDataStore(
      options.mspId,
      db,
      options.btlPolicy,
      stored ? readUint64(stored, 0) : 0,
      applied ? readUint64(applied, 0) : 0,
    );
  }

  /** Number of blocks whose private data has been stored (step 1). */
  get storeHeight(): number {
    return this.storedHeight;
  }

  /** Number of blocks applied to the private state (step 2). */
  get stateHeight(): number {
    return this.appliedHeight;
  }

  /**
   * Step 1: durably store the block's private write sets (of valid and invalid transactions alike, as
   * Fabric does), their expiry schedule and the key-hash index. Returns false if the block was already stored.
   */
  async storeBlockData(blockNum: number, data: readonly PvtCollectionData[]): Promise<boolean> {
    if (this.storedHeight > blockNum) return false;
    const ops: LevelOp[] = [];
    for (const entry of data) {
      const key: DataKey = { blockNum, txNum: entry.txNum, namespace: entry.namespace, collection: entry.collection };
      ops.push({ type: 'put', key: dataKey(key), value: Buffer.from(entry.rwsetBytes) });
      const expiry = expiringBlock(blockNum, this.btlPolicy(entry.namespace, entry.collection));
      if (expiry !== undefined) ops.push({ type: 'put', key: expiryKey(expiry, key), value: Buffer.alloc(0) });
      for (const write of decodeKvRwSet(entry.rwsetBytes).writes) {
        ops.push({
          type: 'put',
          key: hashedIndexKey(entry.namespace, entry.collection, keyHashOf(write.key), blockNum, entry.txNum),
          value: Buffer.from(write.key, 'utf8'),
        });
      }
    }
    ops.push({ type: 'put', key: STORE_HEIGHT_KEY, value: uint64(blockNum + 1) });
    await this.db.batch(ops, { sync: data.length > 0 });
    this.storedHeight = blockNum + 1;
    return true;
  }

  /** The stored (not yet expired or purged) private write sets of a block, ordered by tx number. */
  async getBlockData(blockNum: number): Promise<PvtCollectionData[]> {
    const data: PvtCollectionData[] = [];
    for await (const [key, value] of this.db.iterator(dataRangeOfBlock(blockNum))) {
      const { txNum, namespace, collection } = decodeDataKey(key);
      data.push({ txNum, namespace, collection, rwsetBytes: value });
    }
    return data;
  }

  /**
   * Step 2: apply block `blockNum` to the private state: the private writes of its valid transactions, then
   * purges requested by them, then the block-to-live expiry due at this block. Idempotent per block: a block
   * below the state height is ignored.
   */
  async applyBlockToState(blockNum: number, txs: readonly PvtStateTx[]): Promise<void> {
    if (this.appliedHeight > blockNum) return;
    const staged = new StagedWrites(this.db);
    const updatedKeys = new Set<string>();
    for (const tx of txs) {
      const version = { blockNum, txNum: tx.txNum };
      for (const collection of tx.collections) await this.applyWrites(staged, collection, version, updatedKeys);
      for (const purge of tx.purges) await this.purgeKey(staged, purge, version);
    }
    await this.expireData(staged, blockNum, updatedKeys);
    staged.put(STATE_HEIGHT_KEY, uint64(blockNum + 1));
    await this.db.batch(staged.toOps(), { sync: false });
    this.appliedHeight = blockNum + 1;
  }

  /** A LevelDB snapshot of this org's private state (see LedgerSnapshot). */
  snapshot(): LevelSnapshot {
    return this.db.snapshot();
  }

  async get(namespace: string, collection: string, key: string, snapshot?: LevelSnapshot): Promise<PrivateValue | undefined> {
    const bytes = readSync(this.db, stateKey(namespace, collection, key), snapshot);
    return bytes ? toPrivateValue(bytes) : undefined;
  }

  /** Private keys in [startKey, endKey) by UTF-8 byte order; '' leaves that side unbounded. */
  async *getRange(
    namespace: string,
    collection: string,
    startKey: string,
    endKey: string,
    snapshot?: LevelSnapshot,
  ): AsyncGenerator<PrivateEntry, void, undefined> {
    const { prefixLength, ...range } = stateRange(namespace, collection, startKey, endKey);
    for await (const [key, value] of rangeEntries(this.db, snapshot ? { ...range, snapshot } : range)) {
      yield { key: key.subarray(prefixLength).toString('utf8'), ...toPrivateValue(value) };
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** Fabric's addPvtRWSetToPvtUpdateBatch, plus the version bump of metadata-only updates. */
  private async applyWrites(staged: StagedWrites, data: PvtCollectionData, version: Version, updatedKeys: Set<string>): Promise<void> {
    const kvRwSet = decodeKvRwSet(data.rwsetBytes);
    const written = new Set<string>();
    for (const write of kvRwSet.writes) {
      const key = stateKey(data.namespace, data.collection, write.key);
      if (isKvWriteDelete(write)) staged.del(key);
      else staged.put(key, encodeVersionedValue(write.value, version, undefined));
      written.add(write.key);
      updatedKeys.add(key.toString('hex'));
    }
    // A metadata-only update renews the key's version (Fabric's incrementPvtdataVersionIfNeeded);
    // the metadata itself lives in the hashed state.
    for (const metadataWrite of kvRwSet.metadataWrites) {
      if (written.has(metadataWrite.key)) continue;
      const key = stateKey(data.namespace, data.collection, metadataWrite.key);
      const current = await staged.get(key);
      if (!current) continue;
      staged.put(key, encodeVersionedValue(decodeVersionedValue(current).value, version, undefined));
      updatedKeys.add(key.toString('hex'));
    }
  }

  /**
   * PurgePrivateData: remove the key from the private state and every stored write of it up to the purging
   * transaction's height (Fabric 2.5 purge markers, applied eagerly here).
   */
  private async purgeKey(staged: StagedWrites, purge: PurgeRequest, purgeHeight: Version): Promise<void> {
    for await (const indexKey of this.db.keys(hashedIndexRange(purge.namespace, purge.collection, purge.keyHash))) {
      const height = decodeHashedIndexHeight(indexKey);
      if (compareVersions(height, purgeHeight) > 0) continue;
      const rawKey = (await staged.get(indexKey))?.toString('utf8');
      if (rawKey === undefined) continue; // already purged earlier in this block
      staged.del(indexKey);
      const entryKey = dataKey({ ...height, namespace: purge.namespace, collection: purge.collection });
      const entry = await staged.get(entryKey);
      if (entry) staged.put(entryKey, withoutWritesOf(entry, rawKey));
      const key = stateKey(purge.namespace, purge.collection, rawKey);
      const current = await staged.get(key);
      if (current && compareVersions(decodeVersionedValue(current).version, purgeHeight) <= 0) staged.del(key);
    }
  }

  /**
   * Block-to-live: data entries due at `blockNum` are deleted, and so are the private state keys they wrote,
   * unless the key was rewritten in a later block or in this one (Fabric's purge_mgr checks the same).
   */
  private async expireData(staged: StagedWrites, blockNum: number, updatedKeys: ReadonlySet<string>): Promise<void> {
    for await (const scheduleKey of this.db.keys(expiryRangeUpTo(blockNum))) {
      staged.del(scheduleKey);
      const entryRef = decodeExpiryKey(scheduleKey);
      const entryKey = dataKey(entryRef);
      const entry = await staged.get(entryKey);
      staged.del(entryKey);
      if (!entry) continue;
      for (const write of decodeKvRwSet(entry).writes) {
        staged.del(hashedIndexKey(entryRef.namespace, entryRef.collection, keyHashOf(write.key), entryRef.blockNum, entryRef.txNum));
        const key = stateKey(entryRef.namespace, entryRef.collection, write.key);
        if (updatedKeys.has(key.toString('hex'))) continue;
        const current = await staged.get(key);
        if (current && decodeVersionedValue(current).version.blockNum === entryRef.blockNum) staged.del(key);
      }
    }
  }
}

function toPrivateValue(bytes: Buffer): PrivateValue {
  const { value, version } = decodeVersionedValue(bytes);
  return { value, version };
}

function withoutWritesOf(kvRwSetBytes: Buffer, key: string): Buffer {
  const kvRwSet = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(kvRwSetBytes);
  kvRwSet.setWritesList(kvRwSet.getWritesList().filter((write) => write.getKey() !== key));
  return toBuffer(kvRwSet.serializeBinary());
}
