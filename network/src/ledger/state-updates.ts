/**
 * Derives one block's state batch from its valid transactions, with Fabric's write semantics
 * (validation/tx_ops.go):
 *  - a write with is_delete, or an empty value, deletes the key;
 *  - a metadata write replaces the key's metadata, no entries delete it;
 *  - a value-only write keeps the key's latest metadata, a metadata-only write keeps its latest value
 *    (and is ignored for a key that does not exist);
 *  - every change gets version (blockNum, txNum).
 * The same applies to hashed private keys (key hash, value hash). History records every public write, and
 * hashed keys whose block-to-live ends at this block are purged (Fabric's pvtstatepurgemgmt).
 */
import {
  isKvWriteDelete,
  isKvWriteHashDelete,
  type KvMetadataEntry,
  type TxRwSet,
  type Version,
} from '../protoutil/transaction';
import { isValid, type CommittedTx } from './committed-tx';
import { toBuffer, type LevelOp } from './encoding';
import { HistoryDb } from './history/history-db';
import { expiringBlock, type BtlPolicy } from './pvtdata/btl-policy';
import type { StateDb } from './statedb/state-db';
import { hashedExpiryKey } from './statedb/state-keys';
import { StateUpdateBatch } from './statedb/update-batch';
import type { StateMetadata } from './statedb/value-codec';

export interface BlockStateUpdates {
  readonly batch: StateUpdateBatch;
  /** History records and hashed-state expiry schedule changes, for the same LevelDB batch. */
  readonly extraOps: LevelOp[];
  readonly savepoint: Version;
}

/** What one transaction does to one key, before merging with the latest committed state. */
interface KeyOp {
  readonly namespace: string;
  readonly collection: string | undefined;
  readonly key: string;
  readonly keyHash: Buffer | undefined;
  value?: Buffer;
  isDelete: boolean;
  /** undefined: metadata untouched; null: metadata deleted. */
  metadata?: StateMetadata | null;
}

export async function prepareBlockStateUpdates(
  stateDb: StateDb,
  blockNum: number,
  txs: readonly CommittedTx[],
  btlPolicy: BtlPolicy,
): Promise<BlockStateUpdates> {
  const batch = new StateUpdateBatch();
  const extraOps: LevelOp[] = [];
  const validTxs = txs.filter((tx): tx is CommittedTx & { rwset: TxRwSet } => isValid(tx) && tx.rwset !== undefined);
  const txKeyOps = validTxs.map((tx) => keyOpsOf(tx.rwset));
  const committed = await prefetchPublicState(stateDb, txKeyOps);

  validTxs.forEach((tx, i) => {
    const version = { blockNum, txNum: tx.txNum };
    for (const op of txKeyOps[i] ?? []) {
      if (op.keyHash === undefined) applyPublicOp(batch, committed, op, version);
    }
    for (const ns of tx.rwset.nsRwSets) {
      for (const write of ns.kvRwSet.writes) {
        extraOps.push(
          HistoryDb.recordOp(ns.namespace, write.key, version, {
            txId: tx.txId,
            value: write.value,
            timestamp: tx.timestamp,
            isDelete: isKvWriteDelete(write),
          }),
        );
      }
    }
  });
  // Hashed ops need point reads; they are rarer than public ones, so they are read one by one.
  for (const [i, tx] of validTxs.entries()) {
    const version = { blockNum, txNum: tx.txNum };
    for (const op of txKeyOps[i] ?? []) {
      if (op.keyHash !== undefined) await applyHashedOp(batch, stateDb, op, op.keyHash, version);
    }
  }
  extraOps.push(...(await expireHashedState(stateDb, batch, blockNum, btlPolicy)));
  return { batch, extraOps, savepoint: { blockNum, txNum: Math.max(0, txs.length - 1) } };
}

function keyOpsOf(rwset: TxRwSet): KeyOp[] {
  const ops = new Map<string, KeyOp>();
  const opFor = (namespace: string, collection: string | undefined, key: string, keyHash?: Buffer): KeyOp => {
    const id = `${namespace}\u0000${collection ?? ''}\u0000${keyHash ? keyHash.toString('hex') : key}`;
    let op = ops.get(id);
    if (!op) {
      op = { namespace, collection, key, keyHash, isDelete: false };
      ops.set(id, op);
    }
    return op;
  };
  for (const ns of rwset.nsRwSets) {
    for (const write of ns.kvRwSet.writes) {
      const op = opFor(ns.namespace, undefined, write.key);
      if (isKvWriteDelete(write)) op.isDelete = true;
      else op.value = toBuffer(write.value);
    }
    for (const write of ns.kvRwSet.metadataWrites) {
      opFor(ns.namespace, undefined, write.key).metadata = toMetadata(write.entries);
    }
    for (const coll of ns.collHashedRwSets) {
      for (const write of coll.hashedRwSet.hashedWrites) {
        const keyHash = toBuffer(write.keyHash);
        const op = opFor(ns.namespace, coll.collectionName, '', keyHash);
        if (isKvWriteHashDelete(write)) op.isDelete = true;
        else op.value = toBuffer(write.valueHash);
      }
      for (const write of coll.hashedRwSet.metadataWrites) {
        opFor(ns.namespace, coll.collectionName, '', toBuffer(write.keyHash)).metadata = toMetadata(write.entries);
      }
    }
  }
  return [...ops.values()];
}

function toMetadata(entries: readonly KvMetadataEntry[]): StateMetadata | null {
  if (entries.length === 0) return null;
  return new Map(entries.map((entry) => [entry.name, entry.value]));
}

type CommittedPublic = Map<string, { value: Buffer; metadata: StateMetadata | undefined } | undefined>;

/** Committed values of the public keys whose latest value or metadata a merge may need, in one read. */
async function prefetchPublicState(stateDb: StateDb, txKeyOps: readonly KeyOp[][]): Promise<CommittedPublic> {
  const wanted = new Map<string, { namespace: string; key: string }>();
  for (const ops of txKeyOps) {
    for (const op of ops) {
      if (op.keyHash !== undefined || op.isDelete) continue;
      if (op.value !== undefined && op.metadata !== undefined) continue;
      wanted.set(StateUpdateBatch.publicId(op.namespace, op.key), { namespace: op.namespace, key: op.key });
    }
  }
  const keys = [...wanted.values()];
  const values = await stateDb.getMany(keys);
  const committed: CommittedPublic = new Map();
  keys.forEach((key, i) => committed.set(StateUpdateBatch.publicId(key.namespace, key.key), values[i]));
  return committed;
}

function applyPublicOp(batch: StateUpdateBatch, committed: CommittedPublic, op: KeyOp, version: Version): void {
  const { namespace, key } = op;
  if (op.isDelete) {
    batch.putPublic({ namespace, key, value: null, metadata: undefined, version });
    return;
  }
  const latest = latestPublic(batch, committed, namespace, key);
  if (op.value !== undefined) {
    const metadata = op.metadata === undefined ? latest?.metadata : (op.metadata ?? undefined);
    batch.putPublic({ namespace, key, value: op.value, metadata, version });
    return;
  }
  if (!latest) return; // metadata for a key that does not exist: a no-op, as in Fabric
  batch.putPublic({ namespace, key, value: latest.value, metadata: op.metadata ?? undefined, version });
}

function latestPublic(
  batch: StateUpdateBatch,
  committed: CommittedPublic,
  namespace: string,
  key: string,
): { value: Buffer; metadata: StateMetadata | undefined } | undefined {
  const pending = batch.getPublic(namespace, key);
  if (pending) return pending.value === null ? undefined : { value: pending.value, metadata: pending.metadata };
  return committed.get(StateUpdateBatch.publicId(namespace, key));
}

async function applyHashedOp(batch: StateUpdateBatch, stateDb: StateDb, op: KeyOp, keyHash: Buffer, version: Version): Promise<void> {
  const { namespace } = op;
  const collection = op.collection ?? '';
  if (op.isDelete) {
    batch.putHashed({ namespace, collection, keyHash, valueHash: null, metadata: undefined, version });
    return;
  }
  const pending = batch.getHashed(namespace, collection, keyHash);
  const latest = pending
    ? pending.valueHash === null
      ? undefined
      : pending
    : await stateDb.getHashed(namespace, collection, keyHash);
  if (op.value !== undefined) {
    const metadata = op.metadata === undefined ? latest?.metadata : (op.metadata ?? undefined);
    batch.putHashed({ namespace, collection, keyHash, valueHash: op.value, metadata, version });
    return;
  }
  if (!latest || latest.valueHash === null) return;
  batch.putHashed({ namespace, collection, keyHash, valueHash: latest.valueHash, metadata: op.metadata ?? undefined, version });
}

/**
 * Block-to-live of hashed private state: keys committed at block b with BTL k are deleted while block
 * b + k + 1 commits, unless rewritten since (or in this block). Returns the schedule changes.
 */
async function expireHashedState(stateDb: StateDb, batch: StateUpdateBatch, blockNum: number, btlPolicy: BtlPolicy): Promise<LevelOp[]> {
  const ops: LevelOp[] = [];
  for (const due of await stateDb.hashedExpiryDue(blockNum)) {
    ops.push({ type: 'del', key: hashedExpiryKey(due) });
    if (batch.getHashed(due.namespace, due.collection, due.keyHash)) continue;
    const current = await stateDb.getHashed(due.namespace, due.collection, due.keyHash);
    if (current?.version.blockNum !== due.committingBlock) continue;
    batch.putHashed({
      namespace: due.namespace,
      collection: due.collection,
      keyHash: due.keyHash,
      valueHash: null,
      metadata: undefined,
      version: { blockNum, txNum: Number.MAX_SAFE_INTEGER },
    });
  }
  for (const update of batch.hashedUpdates.values()) {
    if (update.valueHash === null) continue;
    const expiryBlock = expiringBlock(blockNum, btlPolicy(update.namespace, update.collection));
    if (expiryBlock === undefined) continue;
    ops.push({
      type: 'put',
      key: hashedExpiryKey({
        expiryBlock,
        committingBlock: blockNum,
        namespace: update.namespace,
        collection: update.collection,
        keyHash: update.keyHash,
      }),
      value: Buffer.alloc(0),
    });
  }
  return ops;
}
