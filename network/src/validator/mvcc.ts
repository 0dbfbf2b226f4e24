import { ledger } from '@hyperledger/fabric-protos';
import { RangeQueryResultsHelper, type MerkleSummary } from '../chaincode/range-query-hashing';
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
  const current = await currentRange(state, updates, namespace, query);
  const summary = query.getReadsMerkleHashes();
  if (summary) {
    const helper = new RangeQueryResultsHelper(summary.getMaxDegree());
    for (const [key, version] of current) helper.addResult(kvRead(key, version));
    const rebuilt = helper.done().merkleSummary;
    return !!rebuilt && merkleSummariesEqual(rebuilt, summary);
  }
  const recorded = query.getRawReads()?.getKvReadsList() ?? [];
  if (current.length !== recorded.length) return false;
  return current.every(([key, version], index) => {
    const read = recorded[index];
    return read !== undefined && read.getKey() === key && sameVersion(version, read.getVersion());
  });
}

/**
 * The range's keys and versions now. An iterator the chaincode closed early was recorded with its
 * last key as end key, which then belongs to the range (Fabric's includeEndKey).
 */
async function currentRange(
  state: CommittedStateView,
  updates: BlockUpdates,
  namespace: string,
  query: ledger.rwset.kvrwset.RangeQueryInfo,
): Promise<[string, Version][]> {
  const current = new Map<string, Version>();
  for await (const entry of state.rangeVersions(namespace, query.getStartKey(), query.getEndKey())) {
    current.set(entry.key, entry.version);
  }
  for (const pending of updates.keysInRange(namespace, query.getStartKey(), query.getEndKey())) {
    if (pending.deleted) current.delete(pending.key);
    else current.set(pending.key, pending.version);
  }
  if (!query.getItrExhausted() && query.getEndKey() !== '') {
    const endVersion = await currentVersion(state, updates, namespace, query.getEndKey());
    if (endVersion) current.set(query.getEndKey(), endVersion);
  }
  return [...current.entries()].sort(([a], [b]) => compareKeys(a, b));
}

function kvRead(key: string, version: Version): ledger.rwset.kvrwset.KVRead {
  const read = new ledger.rwset.kvrwset.KVRead();
  read.setKey(key);
  const v = new ledger.rwset.kvrwset.Version();
  v.setBlockNum(version.blockNum);
  v.setTxNum(version.txNum);
  read.setVersion(v);
  return read;
}

function merkleSummariesEqual(a: MerkleSummary, b: ledger.rwset.kvrwset.QueryReadsMerkleSummary): boolean {
  const hashesA = a.maxLevelHashes;
  const hashesB = b.getMaxLevelHashesList_asU8();
  return (
    a.maxDegree === b.getMaxDegree() &&
    a.maxLevel === b.getMaxLevel() &&
    hashesA.length === hashesB.length &&
    hashesA.every((hash, index) => Buffer.from(hash).equals(Buffer.from(hashesB[index] ?? new Uint8Array())))
  );
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
