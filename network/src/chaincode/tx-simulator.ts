/**
 * Fabric's transaction simulator (txmgr/tx_simulator.go + query_executor.go) over a StateReader. Reads come
 * from committed state only (a transaction never sees its own writes) and are recorded with the version
 * read; writes are buffered in the rwset. Private data is recorded as hashes in the public rwset and in
 * full in a separate private rwset. The same preconditions as Fabric apply: no writes after a private
 * range query or a paginated query, and no such queries after a write.
 */
import { sha256, RwSetBuilder, type BuiltRwSets } from './rwset-builder';
import type { CollectionRegistry } from './collections';
import { CollectionAccessError, FabricMessages, SimulationError } from './errors';
import type { RecordingGet } from './lifecycle-reads';
import { HistoryIterator, PrivateRangeIterator, StateRangeIterator, type ResultsIterator } from './query-iterators';
import type { StateMetadata, StateReader, Version } from './state-reader';

/** Where the simulator learns a namespace's collections; reads made through `get` are recorded. */
export interface CollectionLookup {
  collectionsOf(namespace: string, get: RecordingGet): Promise<CollectionRegistry | undefined>;
}

export interface TxSimulatorOptions {
  readonly txId: string;
  readonly state: StateReader;
  readonly collections: CollectionLookup;
}

function formatVersion(version: Version | undefined): string {
  return version ? `{BlockNum: ${version.blockNum}, TxNum: ${version.txNum}}` : '<nil>';
}

function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (!a || !b) return a === b;
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

export class TxSimulator {
  private readonly rwset = new RwSetBuilder();
  private readonly rangeIterators: StateRangeIterator[] = [];
  private readonly openIterators = new Set<ResultsIterator>();
  private readonly collectionCache = new Map<string, CollectionRegistry | undefined>();
  private writePerformed = false;
  private pvtdataQueriesPerformed = false;
  private paginatedQueriesPerformed = false;
  private resultsComputed = false;
  private isDone = false;

  private constructor(
    private readonly options: TxSimulatorOptions,
    /** Where reads go: a snapshot of the state when it offers one, else the state itself. */
    private readonly state: StateReader,
    private readonly releaseLock: (() => void) | undefined,
  ) {}

  /** Opens a simulator on a snapshot of the state, or under its simulation lock, when it offers either. */
  static async open(options: TxSimulatorOptions): Promise<TxSimulator> {
    if (options.state.openSnapshot) {
      const pinned = await options.state.openSnapshot();
      return new TxSimulator(options, pinned, () => pinned.release());
    }
    const release = await options.state.acquireSimulationLock?.();
    return new TxSimulator(options, options.state, release);
  }

  get txId(): string {
    return this.options.txId;
  }

  // ---- public state ----

  async getState(namespace: string, key: string): Promise<Uint8Array | undefined> {
    return (await this.readState(namespace, key))?.value;
  }

  async getStateMetadata(namespace: string, key: string): Promise<StateMetadata | undefined> {
    return (await this.readState(namespace, key))?.metadata;
  }

  /** An undefined or empty value deletes the key, as in Fabric. */
  async setState(namespace: string, key: string, value: Uint8Array | undefined): Promise<void> {
    this.checkWritePrecondition();
    this.rwset.addWrite(namespace, key, value);
  }

  async deleteState(namespace: string, key: string): Promise<void> {
    await this.setState(namespace, key, undefined);
  }

  /** Replaces all metadata of the key; undefined or empty deletes it. */
  async setStateMetadata(namespace: string, key: string, metadata: StateMetadata | undefined): Promise<void> {
    this.checkWritePrecondition();
    this.rwset.addMetadataWrite(namespace, key, metadata);
  }

  getStateRange(namespace: string, startKey: string, endKey: string): ResultsIterator {
    this.checkDone();
    return this.openRange(namespace, startKey, endKey, 0);
  }

  getStateRangeWithPagination(namespace: string, startKey: string, endKey: string, pageSize: number): ResultsIterator {
    this.checkBeforePaginatedQueries();
    this.checkDone();
    return this.openRange(namespace, startKey, endKey, pageSize);
  }

  executeQuery(_namespace: string, _query: string): ResultsIterator {
    this.checkDone();
    throw new SimulationError(FabricMessages.queryNotSupported);
  }

  executeQueryWithPagination(_namespace: string, _query: string, _bookmark: string, _pageSize: number): ResultsIterator {
    this.checkBeforePaginatedQueries();
    this.checkDone();
    throw new SimulationError(FabricMessages.paginatedQueryNotSupported);
  }

  // ---- private data ----

  async getPrivateData(namespace: string, collection: string, key: string): Promise<Uint8Array | undefined> {
    await this.validateCollectionName(namespace, collection);
    this.checkDone();
    const stored = await this.state.getPrivate(namespace, collection, key);
    const hashed = await this.state.getHashed(namespace, collection, sha256(key));
    if (!sameVersion(hashed?.version, stored?.version)) {
      throw new SimulationError(
        `private data matching public hash version is not available. Public hash version = ${formatVersion(hashed?.version)}, Private data version = ${formatVersion(stored?.version)}`,
      );
    }
    this.rwset.addHashedRead(namespace, collection, key, stored?.version);
    return stored?.value;
  }

  /** Works for non-members: every peer keeps the hashes. */
  async getPrivateDataHash(namespace: string, collection: string, key: string): Promise<Uint8Array | undefined> {
    return (await this.readHashed(namespace, collection, key))?.valueHash;
  }

  async getPrivateDataMetadata(namespace: string, collection: string, key: string): Promise<StateMetadata | undefined> {
    return (await this.readHashed(namespace, collection, key))?.metadata;
  }

  async setPrivateData(namespace: string, collection: string, key: string, value: Uint8Array | undefined): Promise<void> {
    await this.validateCollectionName(namespace, collection);
    this.checkWritePrecondition();
    this.rwset.addPrivateWrite(namespace, collection, key, value);
  }

  async deletePrivateData(namespace: string, collection: string, key: string): Promise<void> {
    await this.setPrivateData(namespace, collection, key, undefined);
  }

  async purgePrivateData(namespace: string, collection: string, key: string): Promise<void> {
    await this.validateCollectionName(namespace, collection);
    this.checkWritePrecondition();
    this.rwset.addPrivateWrite(namespace, collection, key, undefined, true);
  }

  async setPrivateDataMetadata(namespace: string, collection: string, key: string, metadata: StateMetadata | undefined): Promise<void> {
    await this.validateCollectionName(namespace, collection);
    this.checkWritePrecondition();
    this.rwset.addPrivateMetadataWrite(namespace, collection, key, metadata);
  }

  /** Private range queries record nothing, so Fabric only allows them in read-only transactions. */
  async getPrivateDataRange(namespace: string, collection: string, startKey: string, endKey: string): Promise<ResultsIterator> {
    this.checkBeforePvtdataQueries();
    await this.validateCollectionName(namespace, collection);
    this.checkDone();
    return this.track(new PrivateRangeIterator(namespace, this.state.getPrivateRange(namespace, collection, startKey, endKey)));
  }

  async executeQueryOnPrivateData(namespace: string, collection: string, _query: string): Promise<ResultsIterator> {
    this.checkBeforePvtdataQueries();
    await this.validateCollectionName(namespace, collection);
    this.checkDone();
    throw new SimulationError(FabricMessages.queryNotSupported);
  }

  // ---- history (Fabric's HistoryQueryExecutor: committed data, nothing recorded) ----

  getHistoryForKey(namespace: string, key: string): ResultsIterator {
    return this.track(new HistoryIterator(this.state.getHistory(namespace, key)));
  }

  // ---- results ----

  /** Builds the rwsets once; range query infos are added in the order the ranges were opened. */
  results(): BuiltRwSets {
    if (this.resultsComputed) throw new SimulationError('this function should only be called once on a transaction simulator instance');
    this.resultsComputed = true;
    for (const iterator of this.rangeIterators) this.rwset.addRangeQuery(iterator.namespace, iterator.rangeQueryInfo());
    return this.rwset.build();
  }

  /** Closes open iterators and releases the simulation lock; idempotent. */
  async done(): Promise<void> {
    if (this.isDone) return;
    this.isDone = true;
    try {
      await Promise.all([...this.openIterators].map((iterator) => iterator.close()));
    } finally {
      this.openIterators.clear();
      this.releaseLock?.();
    }
  }

  /** Recording GetState for the lifecycle reads the chaincode support makes on the transaction's behalf. */
  readonly recordingGet: RecordingGet = (namespace, key) => this.getState(namespace, key);

  // ---- internals ----

  private async readState(namespace: string, key: string): Promise<{ value: Uint8Array; metadata?: StateMetadata | undefined } | undefined> {
    this.checkDone();
    const state = await this.state.get(namespace, key);
    this.rwset.addRead(namespace, key, state?.version);
    return state;
  }

  private async readHashed(namespace: string, collection: string, key: string): Promise<{ valueHash: Uint8Array; metadata?: StateMetadata | undefined } | undefined> {
    await this.validateCollectionName(namespace, collection);
    this.checkDone();
    const hashed = await this.state.getHashed(namespace, collection, sha256(key));
    this.rwset.addHashedRead(namespace, collection, key, hashed?.version);
    return hashed;
  }

  private openRange(namespace: string, startKey: string, endKey: string, pageSize: number): ResultsIterator {
    const iterator = new StateRangeIterator(namespace, startKey, endKey, this.state.getRange(namespace, startKey, endKey), pageSize);
    this.rangeIterators.push(iterator);
    return this.track(iterator);
  }

  private track<T extends ResultsIterator>(iterator: T): T {
    this.openIterators.add(iterator);
    return iterator;
  }

  /** collNameValidator: the collection must be in the namespace's collection configuration. */
  private async validateCollectionName(namespace: string, collection: string): Promise<void> {
    if (!this.collectionCache.has(namespace)) {
      this.collectionCache.set(namespace, await this.options.collections.collectionsOf(namespace, this.recordingGet));
    }
    const registry = this.collectionCache.get(namespace);
    if (!registry) {
      throw new CollectionAccessError(
        `collection config not defined for chaincode [${namespace}], pass the collection configuration upon chaincode definition/instantiation`,
      );
    }
    if (!registry.has(collection)) {
      throw new CollectionAccessError(`collection [${collection}] not defined in the collection config for chaincode [${namespace}]`);
    }
  }

  private checkDone(): void {
    if (this.isDone) throw new SimulationError('this instance should not be used after calling Done()');
  }

  private checkWritePrecondition(): void {
    this.checkDone();
    if (this.pvtdataQueriesPerformed) {
      throw new SimulationError(`txid [${this.txId}]: unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed`);
    }
    if (this.paginatedQueriesPerformed) {
      throw new SimulationError(`txid [${this.txId}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`);
    }
    this.writePerformed = true;
  }

  private checkBeforePvtdataQueries(): void {
    if (this.writePerformed) {
      throw new SimulationError(`txid [${this.txId}]: unsuppored transaction. Queries on pvt data is supported only in a read-only transaction`);
    }
    this.pvtdataQueriesPerformed = true;
  }

  private checkBeforePaginatedQueries(): void {
    if (this.writePerformed) {
      throw new SimulationError(`txid [${this.txId}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`);
    }
    this.paginatedQueriesPerformed = true;
  }
}
