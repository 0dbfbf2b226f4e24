import { ledger } from '@hyperledger/fabric-protos';
import { compareKeys } from '../protoutil/key-order';
import type { BlockUpdates } from './block-updates';
import type { CommittedStateView, Version } from './ports';

type KVRWSet = ledger.rwset.kvrwset.KVRWSet;

export type MvccOutcome = 'valid' | 'mvcc-conflict' | 'phantom';

function sameVersion(a: Version | undefined, b: ledger.rwset.kvrwset.Version | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.blockNum === b.getBlockNum() && a.txNum === b.getTxNum();
}

async function currentVersion(state: CommittedStateView, updates: BlockUpdates, namespace: string, key: string): Promise<Version | undefined> {
  const pending = updates.get(namespace, key);
  if (pending) return pending.deleted ? undefined : pending.version;
  return state.getVersion(namespace, key);
}

/**
 * Fabric's MVCC check (core/ledger/kvledger/txmgmt/validation): every read version must still be the
 * current one, and every range query must return the same keys and versions now (no phantoms).
 */
export async function checkReadSet(
  state: CommittedStateView,
  updates: BlockUpdates,
  namespace: string,
  rwset: KVRWSet,
): Promise<MvccOutcome> {
  for (const read of rwset.getReadsList()) {
    if (!sameVersion(await currentVersion(state, updates, namespace, read.getKey()), read.getVersion())) return 'mvcc-conflict';
  }
  for (const query of rwset.getRangeQueriesInfoList()) {
    if (!(await rangeUnchanged(state, updates, namespace, query))) return 'phantom';
  }
  return 'valid';
}

async function rangeUnchanged(
  state: CommittedStateView,
  updates: BlockUpdates,
  namespace: string,
  query: ledger.rwset.kvrwset.RangeQueryInfo,
): Promise<boolean> {
  const recorded = query.getRawReads()?.getKvReadsList() ?? [];
  if (query.hasReadsMerkleHashes()) return false;
  const lastRecorded = recorded[recorded.length - 1]?.getKey();
  const current = new Map<string, Version>();
  for await (const entry of state.rangeVersions(namespace, query.getStartKey(), query.getEndKey())) {
    current.set(entry.key, entry.version);
  }
  for (const pending of updates.keysInRange(namespace, query.getStartKey(), query.getEndKey())) {
    if (pending.deleted) current.delete(pending.key);
    else current.set(pending.key, pending.version);
  }
  // An iterator the chaincode did not exhaust only covered keys up to the last one it read.
  const keys = [...current.keys()]
    .filter((key) => query.getItrExhausted() || (lastRecorded !== undefined && compareKeys(key, lastRecorded) <= 0))
    .sort(compareKeys);
  if (keys.length !== recorded.length) return false;
  return keys.every((key, index) => {
    const read = recorded[index];
    return read !== undefined && read.getKey() === key && sameVersion(current.get(key), read.getVersion());
  });
}

/** Hashed reads of private collections: same rule on the key hashes. */
export async function checkHashedReads(
  state: CommittedStateView,
  updates: BlockUpdates,
  namespace: string,
  collection: string,
  hashed: ledger.rwset.kvrwset.HashedRWSet,
): Promise<MvccOutcome> {
  const hashedNamespace = `${namespace}$$h${collection}`;
  for (const read of hashed.getHashedReadsList()) {
    const keyHash = Buffer.from(read.getKeyHash_asU8());
    const pending = updates.get(hashedNamespace, keyHash.toString('hex'));
    const version = pending ? (pending.deleted ? undefined : pending.version) : await state.getHashedVersion(namespace, collection, keyHash);
    if (!sameVersion(version, read.getVersion())) return 'mvcc-conflict';
  }
  return 'valid';
}
