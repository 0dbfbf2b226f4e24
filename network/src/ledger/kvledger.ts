/**
 * The peer ledger of one channel (Fabric's kvledger): block store, state DB with hashed private state and
 * history, and one private data store per peer org whose private data this process keeps.
 *
 * Commit order (kv_ledger.go commit + commitToPvtAndBlockStore):
 *   1. each org's pvtdata store gets the block's private write sets (synced when it got any; orgs in parallel),
 *   2. the block store appends the block (fdatasync'd),
 *   3. one state batch: public state, hashed state, history, savepoint,
 *   4. each org's private state (with its own state height), beside step 3.
 * Steps 1 and 2 make the block and its private data durable before the commit is reported; 3 and 4 are
 * derived data, written without sync. On open, `recover` replays blocks above the state savepoint (and above
 * each org's private state height) from the block store and the pvtdata stores, so the state always equals a
 * replay of the valid transactions. Private data is never lost by a crash: it is stored before the block, as
 * in Fabric.
 *
 * Readers that need one consistent state (simulations) take a `LedgerSnapshot` (see ledger-snapshot.ts),
 * renewed after each commit, instead of excluding commits.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { common } from '@hyperledger/fabric-protos';
import type { TxPvtRwSet } from '../protoutil/transaction';
import { iterateBlocks, type IterateOptions } from './blockstore/block-iterator';
import { BlockStore } from './blockstore/block-store';
import { committedTxsFromBlock, isValid, type CommittedTx } from './committed-tx';
import { BlockSequenceError, CommitInputError, LedgerClosedError, LedgerCorruptionError, LedgerError } from './errors';
import { HistoryDb, type HistoryEntry, type HistoryOrder } from './history/history-db';
import { LedgerSnapshot, type WrittenKeys } from './ledger-snapshot';
import { NEVER_EXPIRE, type BtlPolicy } from './pvtdata/btl-policy';
import { keyHashOf } from './pvtdata/pvtdata-keys';
import {
  PvtDataStore,
  type PrivateEntry,
  type PrivateValue,
  type PvtCollectionData,
  type PvtStateTx,
} from './pvtdata/pvtdata-store';
import { SerialQueue } from './serial-queue';
import {
  openLedgerLevel,
  StateDb,
  type HashedValue,
  type StateEntry,
  type LevelSnapshot,
  type StateMetadata,
  type VersionedValue,
} from './statedb/state-db';
import { prepareBlockStateUpdates } from './state-updates';
import { PublicStateCache } from './statedb/public-state-cache';
import type { StateUpdateBatch } from './statedb/update-batch';

export type { CommittedTx } from './committed-tx';

export interface KvLedgerOptions {
  /** The peer's ledger root (Fabric's ledgersData). */
  readonly rootDir: string;
  readonly channelId: string;
  /** MSP IDs of the peer orgs whose private data this ledger keeps. */
  readonly pvtDataOrgs?: readonly string[];
  readonly btlPolicy?: BtlPolicy;
  readonly maxBlockFileSize?: number;
}

export interface TransactionRecord {
  readonly envelope: Uint8Array;
  readonly validationCode: number;
  readonly blockNum: number;
  readonly txNum: number;
}

/** Emitted after a block is fully committed (state and private state included). */
export const COMMITTED_EVENT = 'committed';

export class KvLedger {
  /** Emits COMMITTED_EVENT (blockNum, txs) after each commit and 'close'. */
  readonly events = new EventEmitter();
  private readonly commitQueue = new SerialQueue();
  private committedHeight = 0;
  private isClosed = false;
  private replayedOnOpen = 0;
  /** Set when a commit failed after its block was appended; only reopening (recovery) can repair that. */
  private failure: Error | undefined;
  /** The state at `committedHeight`, for readers that need one consistent view. */
  private current: LedgerSnapshot | undefined;
  /** Public state point reads in memory, for every snapshot (see public-state-cache.ts). */
  private readonly publicCache = new PublicStateCache();

  private constructor(
    readonly channelId: string,
    readonly blockStore: BlockStore,
    readonly stateDb: StateDb,
    readonly historyDb: HistoryDb,
    readonly pvtStores: ReadonlyMap<string, PvtDataStore>,
    private readonly btlPolicy: BtlPolicy,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Opens (creating if needed) the channel's ledger and brings state up to the block store. */
  static async open(options: KvLedgerOptions): Promise<KvLedger> {
    const blockStore = await BlockStore.open({
      rootDir: options.rootDir,
      channelId: options.channelId,
      ...(options.maxBlockFileSize ? { maxFileSize: options.maxBlockFileSize } : {}),
    });
    const stateDir = path.join(options.rootDir, 'stateLeveldb', options.channelId);
    await fs.mkdir(path.dirname(stateDir), { recursive: true });
    const level = await openLedgerLevel(stateDir);
    const btlPolicy = options.btlPolicy ?? NEVER_EXPIRE;
    const pvtStores = new Map<string, PvtDataStore>();
    for (const mspId of options.pvtDataOrgs ?? []) {
      pvtStores.set(mspId, await PvtDataStore.open({ rootDir: options.rootDir, channelId: options.channelId, mspId, btlPolicy }));
    }
    const kvLedger = new KvLedger(options.channelId, blockStore, new StateDb(level), new HistoryDb(level), pvtStores, btlPolicy);
    try {
      kvLedger.replayedOnOpen = await kvLedger.recover();
      kvLedger.current = kvLedger.takeSnapshot();
    } catch (error) {
      await kvLedger.close();
      throw error;
    }
    return kvLedger;
  }

  /** Blocks whose public state `open` replayed from the block store (those a crash left uncommitted to state). */
  get blocksReplayedOnOpen(): number {
    return this.replayedOnOpen;
  }

  /** Number of fully committed blocks. */
  get height(): number {
    return this.committedHeight;
  }

  /**
   * Commits the next block. `txs[i]` describes `block.data[i]` (validation code, decoded rwset, private data
   * of the orgs holding it). Sets the block's TRANSACTIONS_FILTER metadata from the validation codes.
   */
  commit(block: common.Block, txs: readonly CommittedTx[]): Promise<CommitTimings> {
    return this.commitQueue.run(async () => {
      this.assertOpen();
      const blockNum = block.getHeader()?.getNumber() ?? -1;
      if (blockNum !== this.committedHeight) {
        throw new BlockSequenceError(`expected block ${this.committedHeight}, got ${blockNum}`);
      }
      checkCommitInput(block, txs, this.pvtStores);

      const storageStarted = process.hrtime.bigint();
      const stores = [...this.pvtStores];
      const written = await Promise.all(stores.map(([mspId, store]) => store.storeBlockData(blockNum, pvtCollectionsOf(txs, mspId))));
      const storedAhead = new Set(stores.filter((_, i) => !written[i]).map(([mspId]) => mspId));
      await this.blockStore.append(block, txs.map((tx) => tx.validationCode), txs.map((tx) => tx.txId));
      const stateStarted = process.hrtime.bigint();
      let stateBatch: StateUpdateBatch | undefined;
      try {
        // Separate DBs: the public state and each org's private state are written side by side.
        await Promise.all([
          this.applyState(blockNum, txs).then((batch) => {
            stateBatch = batch;
          }),
          ...stores.map(async ([mspId, store]) => {
            const data = storedAhead.has(mspId) ? await store.getBlockData(blockNum) : pvtCollectionsOf(txs, mspId);
            await store.applyBlockToState(blockNum, pvtStateTxs(txs, data));
          }),
        ]);
      } catch (error) {
        // Fabric panics here; we refuse further commits instead, and recovery on reopen finishes the block.
        this.failure = error as Error;
        throw error;
      }
      // Height, cache and snapshot change together, with no await between: no reader sees them disagree.
      this.committedHeight = blockNum + 1;
      if (stateBatch) this.publicCache.applyBlock(stateBatch.publicUpdates.values(), this.committedHeight);
      this.renewSnapshot(txs);
      this.events.emit(COMMITTED_EVENT, blockNum, txs);
      const done = process.hrtime.bigint();
      return { blockAndPvtdataSeconds: secondsBetween(storageStarted, stateStarted), statedbSeconds: secondsBetween(stateStarted, done) };
    });
  }

  /**
   * Replays blocks that are in the block store but not (fully) in the state DB or an org's private state.
   * Runs on open; returns the number of blocks whose public state was replayed.
   */
  recover(): Promise<number> {
    return this.commitQueue.run(() => this.replayMissingBlocks());
  }

  private async replayMissingBlocks(): Promise<number> {
    this.publicCache.clear();
    const height = this.blockStore.height;
    const savepoint = await this.stateDb.getSavepoint();
    const stateHeight = savepoint ? savepoint.blockNum + 1 : 0;
    if (stateHeight > height) {
      throw new LedgerCorruptionError(`state is at block ${stateHeight - 1} but the block store has only ${height} blocks`);
    }
    let start = stateHeight;
    for (const [mspId, store] of this.pvtStores) {
      if (store.stateHeight > height) {
        throw new LedgerCorruptionError(`private state of ${mspId} is ahead of the block store`);
      }
      start = Math.min(start, store.stateHeight);
    }
    for (let blockNum = start; blockNum < height; blockNum += 1) {
      const txs = committedTxsFromBlock(await this.blockStore.getBlockByNumber(blockNum));
      if (blockNum >= stateHeight) await this.applyState(blockNum, txs);
      for (const store of this.pvtStores.values()) {
        if (store.stateHeight > blockNum) continue;
        const data = store.storeHeight > blockNum ? await store.getBlockData(blockNum) : [];
        await store.applyBlockToState(blockNum, pvtStateTxs(txs, data));
      }
    }
    this.committedHeight = height;
    return height - stateHeight;
  }

  /** Validation code of a committed transaction (its first occurrence), or undefined if unknown. */
  async getTxValidationCode(txId: string): Promise<number | undefined> {
    const location = await this.blockStore.getTxLocation(txId);
    return location && location.blockNum < this.committedHeight ? location.validationCode : undefined;
  }

  /** Where a committed transaction is and its validation code (its first occurrence), without reading its block. */
  async getTxStatus(txId: string): Promise<{ readonly blockNum: number; readonly validationCode: number } | undefined> {
    const location = await this.blockStore.getTxLocation(txId);
    return location && location.blockNum < this.committedHeight ? { blockNum: location.blockNum, validationCode: location.validationCode } : undefined;
  }

  /** True if a transaction with this ID is already in the ledger (whatever its validation code). */
  async isDuplicateTxId(txId: string): Promise<boolean> {
    return this.blockStore.txIdExists(txId);
  }

  async getTransactionByTxId(txId: string): Promise<TransactionRecord | undefined> {
    const location = await this.blockStore.getTxLocation(txId);
    if (!location || location.blockNum >= this.committedHeight) return undefined;
    return { ...location, envelope: await this.blockStore.getTxEnvelope(location.blockNum, location.txNum) };
  }

  getBlockByNumber(blockNum: number): Promise<common.Block> {
    return this.blockStore.getBlockByNumber(blockNum);
  }

  /** Fully committed blocks from `startNum`; with follow (default) waits for new ones. */
  blocks(startNum: number, options: IterateOptions = {}): AsyncGenerator<common.Block, void, undefined> {
    return iterateBlocks(
      {
        height: () => this.committedHeight,
        isClosed: () => this.isClosed,
        read: (blockNum) => this.blockStore.getBlockByNumber(blockNum),
        events: this.events,
        heightEvent: COMMITTED_EVENT,
      },
      startNum,
      options,
    );
  }

  /**
   * A consistent view of the state at the current height (public, hashed, history, private), unaffected by
   * later commits. Release it when done: it pins LevelDB snapshots.
   */
  snapshot(): LedgerSnapshot {
    if (this.isClosed || !this.current) throw new LedgerClosedError();
    return this.current.acquire();
  }

  /** The value at the committed height (mid-commit, the block being written is not visible yet). */
  async getState(namespace: string, key: string): Promise<VersionedValue | undefined> {
    return this.current ? this.current.getState(namespace, key) : this.stateDb.getNow(namespace, key);
  }

  async getStateMetadata(namespace: string, key: string): Promise<StateMetadata | undefined> {
    return (await this.getState(namespace, key))?.metadata;
  }

  getStateRange(namespace: string, startKey: string, endKey: string): AsyncGenerator<StateEntry, void, undefined> {
    return this.stateDb.getRange(namespace, startKey, endKey);
  }

  /** Hashed private state by the private key (GetPrivateDataHash / key-level endorsement of private keys). */
  getPrivateDataHash(namespace: string, collection: string, key: string): Promise<HashedValue | undefined> {
    return this.stateDb.getHashed(namespace, collection, keyHashOf(key));
  }

  getPrivateData(mspId: string, namespace: string, collection: string, key: string): Promise<PrivateValue | undefined> {
    return this.pvtStore(mspId).get(namespace, collection, key);
  }

  getPrivateDataRange(
    mspId: string,
    namespace: string,
    collection: string,
    startKey: string,
    endKey: string,
  ): AsyncGenerator<PrivateEntry, void, undefined> {
    return this.pvtStore(mspId).getRange(namespace, collection, startKey, endKey);
  }

  /** GetHistoryForKey; Fabric returns the newest modification first. */
  getHistoryForKey(namespace: string, key: string, order: HistoryOrder = 'newestFirst'): AsyncGenerator<HistoryEntry, void, undefined> {
    return this.historyDb.getHistoryForKey(namespace, key, order);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    await this.commitQueue.drain();
    this.isClosed = true;
    this.current?.release();
    this.current = undefined;
    this.events.emit('close');
    await this.blockStore.close();
    await this.stateDb.db.close();
    for (const store of this.pvtStores.values()) await store.close();
  }

  private takeSnapshot(): LedgerSnapshot {
    return new LedgerSnapshot(this.committedHeight, {
      stateDb: this.stateDb,
      historyDb: this.historyDb,
      pvtStores: this.pvtStores,
      readPublic: (namespace, key, height, snapshot) => this.readPublic(namespace, key, height, snapshot),
    });
  }

  /** A public point read at `height` through its LevelDB snapshot, answered from the cache when it can be. */
  private readPublic(namespace: string, key: string, height: number, snapshot: LevelSnapshot): VersionedValue | undefined {
    const cached = this.publicCache.lookup(namespace, key, height);
    if (cached) return cached.value;
    const value = this.stateDb.getNow(namespace, key, snapshot);
    // Only the current height's view may seed the cache: it stays valid until a block writes the key.
    if (height === this.committedHeight) this.publicCache.fill(namespace, key, height, value);
    return value;
  }

  /** After a commit: new readers see the new block; readers of the previous snapshot keep theirs. */
  private renewSnapshot(txs: readonly CommittedTx[]): void {
    const previous = this.current;
    this.current = this.takeSnapshot();
    if (previous) {
      this.current.inheritShortRanges(previous, publicKeysWritten(txs));
      previous.release();
    }
  }

  private async applyState(blockNum: number, txs: readonly CommittedTx[]): Promise<StateUpdateBatch> {
    const { batch, extraOps, savepoint } = await prepareBlockStateUpdates(this.stateDb, blockNum, txs, this.btlPolicy);
    await this.stateDb.applyUpdates(batch, savepoint, extraOps);
    return batch;
  }

  private pvtStore(mspId: string): PvtDataStore {
    const store = this.pvtStores.get(mspId);
    if (!store) throw new CommitInputError(`this ledger keeps no private data of ${mspId}`);
    return store;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new LedgerClosedError();
    if (this.failure) throw new LedgerError(`ledger must be reopened after a failed commit: ${this.failure.message}`);
  }
}

/** The block and its transactions must line up, and private data of valid txs must match their hashes. */
function checkCommitInput(block: common.Block, txs: readonly CommittedTx[], pvtStores: ReadonlyMap<string, PvtDataStore>): void {
  const txCount = block.getData()?.getDataList().length ?? 0;
  if (txs.length !== txCount) throw new CommitInputError(`block has ${txCount} transactions, ${txs.length} given`);
  txs.forEach((tx, i) => {
    if (tx.txNum !== i) throw new CommitInputError(`transaction at position ${i} has txNum ${tx.txNum}`);
    for (const [mspId, pvt] of tx.privateData ?? []) {
      if (!pvtStores.has(mspId)) throw new CommitInputError(`private data for ${mspId}, which this ledger does not keep`);
      if (isValid(tx)) checkPvtHashes(tx, pvt);
    }
  });
}

/** Fabric's validatePvtdata: each collection's rwset must hash to the pvt_rwset_hash in the block. */
function checkPvtHashes(tx: CommittedTx, pvt: TxPvtRwSet): void {
  for (const ns of pvt.nsPvtRwSets) {
    for (const coll of ns.collPvtRwSets) {
      const hashed = tx.rwset?.nsRwSets
        .find((candidate) => candidate.namespace === ns.namespace)
        ?.collHashedRwSets.find((candidate) => candidate.collectionName === coll.collectionName);
      const actual = createHash('sha256').update(coll.rwsetBytes).digest();
      if (!hashed || !actual.equals(hashed.pvtRwSetHash)) {
        throw new CommitInputError(
          `private data of tx ${tx.txId} for ${ns.namespace}/${coll.collectionName} does not match the hash in the block`,
        );
      }
    }
  }
}

/** The public keys the block's valid transactions wrote, values and metadata alike (both change versions). */
function publicKeysWritten(txs: readonly CommittedTx[]): WrittenKeys {
  const byNamespace = new Map<string, Set<string>>();
  for (const tx of txs) {
    if (!isValid(tx) || !tx.rwset) continue;
    for (const ns of tx.rwset.nsRwSets) {
      const keys = byNamespace.get(ns.namespace) ?? new Set<string>();
      byNamespace.set(ns.namespace, keys);
      for (const write of ns.kvRwSet.writes) keys.add(write.key);
      for (const write of ns.kvRwSet.metadataWrites) keys.add(write.key);
    }
  }
  return new Map([...byNamespace].map(([namespace, keys]) => [namespace, [...keys].map((key) => Buffer.from(key, 'utf8')).sort(Buffer.compare)]));
}

function pvtCollectionsOf(txs: readonly CommittedTx[], mspId: string): PvtCollectionData[] {
  return txs.flatMap((tx) =>
    (tx.privateData?.get(mspId)?.nsPvtRwSets ?? []).flatMap((ns) =>
      ns.collPvtRwSets.map((coll) => ({
        txNum: tx.txNum,
        namespace: ns.namespace,
        collection: coll.collectionName,
        rwsetBytes: coll.rwsetBytes,
      })),
    ),
  );
}

/** The private-state work of the block's valid transactions: their private writes and purges. */
function pvtStateTxs(txs: readonly CommittedTx[], data: readonly PvtCollectionData[]): PvtStateTx[] {
  const byTx = new Map<number, PvtCollectionData[]>();
  for (const entry of data) byTx.set(entry.txNum, [...(byTx.get(entry.txNum) ?? []), entry]);
  const result: PvtStateTx[] = [];
  for (const tx of txs) {
    if (!isValid(tx) || !tx.rwset) continue;
    const purges = tx.rwset.nsRwSets.flatMap((ns) =>
      ns.collHashedRwSets.flatMap((coll) =>
        coll.hashedRwSet.hashedWrites
          .filter((write) => write.isPurge)
          .map((write) => ({ namespace: ns.namespace, collection: coll.collectionName, keyHash: write.keyHash })),
      ),
    );
    const collections = byTx.get(tx.txNum) ?? [];
    if (collections.length > 0 || purges.length > 0) result.push({ txNum: tx.txNum, collections, purges });
  }
  return result;
}

/** How long the parts of a block commit took, as Fabric's ledger metrics split it. */
export interface CommitTimings {
  /** Private data and block store (ledger_blockstorage_and_pvtdata_commit_time). */
  readonly blockAndPvtdataSeconds: number;
  /** Public and private state (ledger_statedb_commit_time). */
  readonly statedbSeconds: number;
}

function secondsBetween(from: bigint, to: bigint): number {
  return Number(to - from) / 1e9;
}
