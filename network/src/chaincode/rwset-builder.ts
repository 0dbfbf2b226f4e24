/**
 * Fabric's RWSetBuilder (rwsetutil/rwset_builder.go): collects a simulation's reads and writes in maps keyed
 * by key, then emits protos sorted the way Fabric sorts them (namespaces, keys and collections by UTF-8
 * bytes; range queries in first-seen order). Private writes go to a separate TxPvtReadWriteSet whose
 * per-collection SHA-256 lands in the public set as pvt_rwset_hash.
 */
import { createHash } from 'node:crypto';
import { ledger } from '@hyperledger/fabric-protos';
import { compareKeys } from '../protoutil/key-order';
import type { Version } from './state-reader';

const { kvrwset } = ledger.rwset;
type KVRead = ledger.rwset.kvrwset.KVRead;
type KVWrite = ledger.rwset.kvrwset.KVWrite;
type KVMetadataWrite = ledger.rwset.kvrwset.KVMetadataWrite;
type KVReadHash = ledger.rwset.kvrwset.KVReadHash;
type KVWriteHash = ledger.rwset.kvrwset.KVWriteHash;
type KVMetadataWriteHash = ledger.rwset.kvrwset.KVMetadataWriteHash;
type RangeQueryInfo = ledger.rwset.kvrwset.RangeQueryInfo;

export function sha256(data: Uint8Array | string): Uint8Array {
  return createHash('sha256').update(data).digest();
}

export function protoVersion(version: Version | undefined): ledger.rwset.kvrwset.Version | undefined {
  if (!version) return undefined;
  const proto = new kvrwset.Version();
  proto.setBlockNum(version.blockNum);
  proto.setTxNum(version.txNum);
  return proto;
}

export function kvRead(key: string, version: Version | undefined): KVRead {
  const read = new kvrwset.KVRead();
  read.setKey(key);
  const protoV = protoVersion(version);
  if (protoV) read.setVersion(protoV);
  return read;
}

/** Fabric's newKVWrite: an empty value is a delete. */
function kvWrite(key: string, value: Uint8Array | undefined): KVWrite {
  const write = new kvrwset.KVWrite();
  write.setKey(key);
  const isDelete = value === undefined || value.length === 0;
  write.setIsDelete(isDelete);
  if (!isDelete) write.setValue(value);
  return write;
}

function metadataEntries(metadata: ReadonlyMap<string, Uint8Array> | undefined): ledger.rwset.kvrwset.KVMetadataEntry[] {
  return [...(metadata ?? new Map<string, Uint8Array>()).entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([name, value]) => {
      const entry = new kvrwset.KVMetadataEntry();
      entry.setName(name);
      entry.setValue(value);
      return entry;
    });
}

function sortedValues<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, value]) => value);
}

class CollectionHashedBuilder {
  readonly reads = new Map<string, KVReadHash>();
  readonly writes = new Map<string, KVWriteHash>();
  readonly metadataWrites = new Map<string, KVMetadataWriteHash>();
  pvtRwSetHash: Uint8Array | undefined;

  constructor(readonly collection: string) {}

  build(): ledger.rwset.CollectionHashedReadWriteSet {
    const hashed = new kvrwset.HashedRWSet();
    hashed.setHashedReadsList(sortedValues(this.reads));
    hashed.setHashedWritesList(sortedValues(this.writes));
    hashed.setMetadataWritesList(sortedValues(this.metadataWrites));
    const proto = new ledger.rwset.CollectionHashedReadWriteSet();
    proto.setCollectionName(this.collection);
    proto.setHashedRwset(hashed.serializeBinary());
    if (this.pvtRwSetHash) proto.setPvtRwsetHash(this.pvtRwSetHash);
    return proto;
  }
}

class CollectionPrivateBuilder {
  readonly writes = new Map<string, KVWrite>();
  readonly metadataWrites = new Map<string, KVMetadataWrite>();

  constructor(readonly collection: string) {}

  rwsetBytes(): Uint8Array {
    const kv = new kvrwset.KVRWSet();
    kv.setWritesList(sortedValues(this.writes));
    kv.setMetadataWritesList(sortedValues(this.metadataWrites));
    return kv.serializeBinary();
  }
}

class NamespaceBuilder {
  readonly reads = new Map<string, KVRead>();
  readonly writes = new Map<string, KVWrite>();
  readonly metadataWrites = new Map<string, KVMetadataWrite>();
  readonly rangeQueries = new Map<string, RangeQueryInfo>();
  readonly collections = new Map<string, CollectionHashedBuilder>();

  constructor(readonly namespace: string) {}

  collection(name: string): CollectionHashedBuilder {
    let builder = this.collections.get(name);
    if (!builder) {
      builder = new CollectionHashedBuilder(name);
      this.collections.set(name, builder);
    }
    return builder;
  }

  build(): ledger.rwset.NsReadWriteSet {
    const kv = new kvrwset.KVRWSet();
    kv.setReadsList(sortedValues(this.reads));
    kv.setRangeQueriesInfoList([...this.rangeQueries.values()]);
    kv.setWritesList(sortedValues(this.writes));
    kv.setMetadataWritesList(sortedValues(this.metadataWrites));
    const proto = new ledger.rwset.NsReadWriteSet();
    proto.setNamespace(this.namespace);
    proto.setRwset(kv.serializeBinary());
    proto.setCollectionHashedRwsetList(sortedValues(this.collections).map((collection) => collection.build()));
    return proto;
  }
}

export interface BuiltRwSets {
  /** rwset.TxReadWriteSet: public reads/writes plus collection hashes. */
  readonly publicRwSet: ledger.rwset.TxReadWriteSet;
  /** rwset.TxPvtReadWriteSet, only when the transaction wrote private data. */
  readonly privateRwSet: ledger.rwset.TxPvtReadWriteSet | undefined;
}

export class RwSetBuilder {
  private readonly namespaces = new Map<string, NamespaceBuilder>();
  private readonly privateNamespaces = new Map<string, Map<string, CollectionPrivateBuilder>>();

  /** Records a read; a later read of the same key replaces it, as Fabric's readMap does. */
  addRead(namespace: string, key: string, version: Version | undefined): void {
    this.ns(namespace).reads.set(key, kvRead(key, version));
  }

  addWrite(namespace: string, key: string, value: Uint8Array | undefined): void {
    this.ns(namespace).writes.set(key, kvWrite(key, value));
  }

  /** An empty or missing map deletes the key's metadata. */
  addMetadataWrite(namespace: string, key: string, metadata: ReadonlyMap<string, Uint8Array> | undefined): void {
    const write = new kvrwset.KVMetadataWrite();
    write.setKey(key);
    write.setEntriesList(metadataEntries(metadata));
    this.ns(namespace).metadataWrites.set(key, write);
  }

  /** Keeps the first range query info per (start, end, exhausted), in first-seen order. */
  addRangeQuery(namespace: string, info: RangeQueryInfo): void {
    const id = JSON.stringify([info.getStartKey(), info.getEndKey(), info.getItrExhausted()]);
    const queries = this.ns(namespace).rangeQueries;
    if (!queries.has(id)) queries.set(id, info);
  }

  addHashedRead(namespace: string, collection: string, key: string, version: Version | undefined): void {
    const read = new kvrwset.KVReadHash();
    read.setKeyHash(sha256(key));
    const protoV = protoVersion(version);
    if (protoV) read.setVersion(protoV);
    this.ns(namespace).collection(collection).reads.set(key, read);
  }

  addPrivateWrite(namespace: string, collection: string, key: string, value: Uint8Array | undefined, isPurge = false): void {
    const write = kvWrite(key, value);
    this.pvt(namespace, collection).writes.set(key, write);
    const hashed = new kvrwset.KVWriteHash();
    hashed.setKeyHash(sha256(key));
    hashed.setIsDelete(write.getIsDelete());
    if (!write.getIsDelete()) hashed.setValueHash(sha256(write.getValue_asU8()));
    hashed.setIsPurge(isPurge);
    this.ns(namespace).collection(collection).writes.set(key, hashed);
  }

  /** The private side keeps only the key (to bump its version); the metadata itself goes by key hash. */
  addPrivateMetadataWrite(namespace: string, collection: string, key: string, metadata: ReadonlyMap<string, Uint8Array> | undefined): void {
    const keyOnly = new kvrwset.KVMetadataWrite();
    keyOnly.setKey(key);
    this.pvt(namespace, collection).metadataWrites.set(key, keyOnly);
    const hashed = new kvrwset.KVMetadataWriteHash();
    hashed.setKeyHash(sha256(key));
    hashed.setEntriesList(metadataEntries(metadata));
    this.ns(namespace).collection(collection).metadataWrites.set(key, hashed);
  }

  build(): BuiltRwSets {
    const privateRwSet = this.buildPrivate();
    const publicRwSet = new ledger.rwset.TxReadWriteSet();
    publicRwSet.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    publicRwSet.setNsRwsetList(sortedValues(this.namespaces).map((ns) => ns.build()));
    return { publicRwSet, privateRwSet };
  }

  /** Builds the private set first: its collection hashes must be in the public set. */
  private buildPrivate(): ledger.rwset.TxPvtReadWriteSet | undefined {
    if (this.privateNamespaces.size === 0) return undefined;
    const pvt = new ledger.rwset.TxPvtReadWriteSet();
    pvt.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    const namespaces = [...this.privateNamespaces.entries()].sort(([a], [b]) => compareKeys(a, b));
    pvt.setNsPvtRwsetList(
      namespaces.map(([namespace, collections]) => {
        const nsProto = new ledger.rwset.NsPvtReadWriteSet();
        nsProto.setNamespace(namespace);
        nsProto.setCollectionPvtRwsetList(
          sortedValues(collections).map((collection) => {
            const bytes = collection.rwsetBytes();
            this.ns(namespace).collection(collection.collection).pvtRwSetHash = sha256(bytes);
            const collProto = new ledger.rwset.CollectionPvtReadWriteSet();
            collProto.setCollectionName(collection.collection);
            collProto.setRwset(bytes);
            return collProto;
          }),
        );
        return nsProto;
      }),
    );
    return pvt;
  }

  private ns(namespace: string): NamespaceBuilder {
    let builder = this.namespaces.get(namespace);
    if (!builder) {
      builder = new NamespaceBuilder(namespace);
      this.namespaces.set(namespace, builder);
    }
    return builder;
  }

  private pvt(namespace: string, collection: string): CollectionPrivateBuilder {
    let collections = this.privateNamespaces.get(namespace);
    if (!collections) {
      collections = new Map<string, CollectionPrivateBuilder>();
      this.privateNamespaces.set(namespace, collections);
    }
    let builder = collections.get(collection);
    if (!builder) {
      builder = new CollectionPrivateBuilder(collection);
      collections.set(collection, builder);
    }
    return builder;
  }
}
