/**
 * Result iterators handed to the shim handler: public range scans (which record range query info for
 * phantom detection, like Fabric's txmgr resultsItr), private range scans and key history (which record
 * nothing, as in Fabric). Each result is the proto the shim decodes: queryresult.KV or KeyModification.
 */
import { ledger } from '@hyperledger/fabric-protos';
import { Timestamp as TimestampProto } from 'google-protobuf/google/protobuf/timestamp_pb';
import { RangeQueryResultsHelper } from './range-query-hashing';
import { kvRead } from './rwset-builder';
import type { HistoryRecord, StateEntry } from './state-reader';

const { kvrwset } = ledger.rwset;

export interface QueryResult {
  serializeBinary(): Uint8Array;
}

export interface ResultsIterator {
  /** The next result, or undefined when the iterator is exhausted. */
  next(): Promise<QueryResult | undefined>;
  close(): Promise<void>;
  /** Paginated iterators only: the key after the last returned one ('' when none), then close. */
  bookmarkAndClose?(): Promise<string>;
}

function keyValue(namespace: string, key: string, value: Uint8Array): ledger.queryresult.KV {
  const kv = new ledger.queryresult.KV();
  kv.setNamespace(namespace);
  kv.setKey(key);
  kv.setValue(value);
  return kv;
}

async function closeIterator<T>(iterator: AsyncIterator<T>): Promise<void> {
  await iterator.return?.();
}

/** A public range scan; `pageSize` > 0 caps the results like the LevelDB kvScanner does. */
export class StateRangeIterator implements ResultsIterator {
  private readonly source: AsyncIterator<StateEntry>;
  private readonly helper = new RangeQueryResultsHelper();
  private returned = 0;
  private exhausted = false;
  private lastKey = '';

  constructor(
    readonly namespace: string,
    readonly startKey: string,
    readonly endKey: string,
    entries: AsyncIterable<StateEntry>,
    private readonly pageSize = 0,
  ) {
    this.source = entries[Symbol.asyncIterator]();
  }

  async next(): Promise<QueryResult | undefined> {
    if (this.pageSize > 0 && this.returned >= this.pageSize) return this.markExhausted();
    const step = await this.source.next();
    if (step.done) return this.markExhausted();
    const entry = step.value;
    this.returned += 1;
    this.helper.addResult(kvRead(entry.key, entry.version));
    // The end key is the last key handed out: the caller may never ask for more.
    this.lastKey = entry.key;
    return keyValue(this.namespace, entry.key, entry.value);
  }

  async bookmarkAndClose(): Promise<string> {
    const step = await this.source.next();
    await this.close();
    return step.done ? '' : step.value.key;
  }

  async close(): Promise<void> {
    await closeIterator(this.source);
  }

  /** The RangeQueryInfo for the rwset, with raw reads or their Merkle summary. */
  rangeQueryInfo(): ledger.rwset.kvrwset.RangeQueryInfo {
    const info = new kvrwset.RangeQueryInfo();
    info.setStartKey(this.startKey);
    info.setEndKey(this.exhausted ? this.endKey : this.lastKey);
    info.setItrExhausted(this.exhausted);
    const { rawReads, merkleSummary } = this.helper.done();
    if (rawReads) {
      const reads = new kvrwset.QueryReads();
      reads.setKvReadsList([...rawReads]);
      info.setRawReads(reads);
    }
    if (merkleSummary) {
      const summary = new kvrwset.QueryReadsMerkleSummary();
      summary.setMaxDegree(merkleSummary.maxDegree);
      summary.setMaxLevel(merkleSummary.maxLevel);
      summary.setMaxLevelHashesList([...merkleSummary.maxLevelHashes]);
      info.setReadsMerkleHashes(summary);
    }
    return info;
  }

  private markExhausted(): undefined {
    this.exhausted = true;
    return undefined;
  }
}

export class PrivateRangeIterator implements ResultsIterator {
  private readonly source: AsyncIterator<StateEntry>;

  constructor(private readonly namespace: string, entries: AsyncIterable<StateEntry>) {
    this.source = entries[Symbol.asyncIterator]();
  }

  async next(): Promise<QueryResult | undefined> {
    const step = await this.source.next();
    return step.done ? undefined : keyValue(this.namespace, step.value.key, step.value.value);
  }

  async close(): Promise<void> {
    await closeIterator(this.source);
  }
}

export class HistoryIterator implements ResultsIterator {
  private readonly source: AsyncIterator<HistoryRecord>;

  constructor(records: AsyncIterable<HistoryRecord>) {
    this.source = records[Symbol.asyncIterator]();
  }

  async next(): Promise<QueryResult | undefined> {
    const step = await this.source.next();
    if (step.done) return undefined;
    const record = step.value;
    const modification = new ledger.queryresult.KeyModification();
    modification.setTxId(record.txId);
    modification.setValue(record.value);
    modification.setIsDelete(record.isDelete);
    // The Node shim reads the timestamp unconditionally; every committed transaction has one.
    const timestamp = new TimestampProto();
    timestamp.setSeconds(record.timestamp?.seconds ?? 0);
    timestamp.setNanos(record.timestamp?.nanos ?? 0);
    modification.setTimestamp(timestamp);
    return modification;
  }

  async close(): Promise<void> {
    await closeIterator(this.source);
  }
}
