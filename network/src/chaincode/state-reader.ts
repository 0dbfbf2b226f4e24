/**
 * What the transaction simulator needs from a peer's ledger: committed public state, hashed private
 * state, this peer org's private data, and key history. The simulator records versions itself, so a
 * reader only answers point-in-time questions. Keys and ranges compare by UTF-8 bytes, as LevelDB does.
 */
import type { Timestamp, Version } from '../protoutil/transaction';

export type { Timestamp, Version } from '../protoutil/transaction';

/** Named metadata of a key (e.g. VALIDATION_PARAMETER for key-level endorsement). */
export type StateMetadata = ReadonlyMap<string, Uint8Array>;

export interface VersionedState {
  readonly value: Uint8Array;
  readonly version: Version;
  readonly metadata?: StateMetadata | undefined;
}

export interface StateEntry {
  readonly key: string;
  readonly value: Uint8Array;
  readonly version: Version;
}

/** Hashed private state, kept by every peer of the channel: SHA-256 of the value under SHA-256 of the key. */
export interface HashedState {
  readonly valueHash: Uint8Array;
  readonly version: Version;
  readonly metadata?: StateMetadata | undefined;
}

export interface PrivateState {
  readonly value: Uint8Array;
  readonly version: Version;
}

/** One committed modification of a key, newest first, as `queryresult.KeyModification`. */
export interface HistoryRecord {
  readonly txId: string;
  readonly value: Uint8Array;
  readonly timestamp: Timestamp | undefined;
  readonly isDelete: boolean;
}

export interface StateReader {
  get(namespace: string, key: string): Promise<VersionedState | undefined>;
  /** Keys in [startKey, endKey) in UTF-8 byte order; an empty endKey means "to the end of the namespace". */
  getRange(namespace: string, startKey: string, endKey: string): AsyncIterable<StateEntry>;
  getHashed(namespace: string, collection: string, keyHash: Uint8Array): Promise<HashedState | undefined>;
  /** This peer org's copy of a private key; undefined when the org is not a member or missed the data. */
  getPrivate(namespace: string, collection: string, key: string): Promise<PrivateState | undefined>;
  getPrivateRange(namespace: string, collection: string, startKey: string, endKey: string): AsyncIterable<StateEntry>;
  /** Committed modifications of a key, newest first (Fabric 2.x order). */
  getHistory(namespace: string, key: string): AsyncIterable<HistoryRecord>;
  /**
   * Optional: a reader pinned to the state at one height, unaffected by later commits, so a simulation
   * sees one consistent state without holding commits up. The simulator prefers it to the lock below.
   */
  openSnapshot?(): Promise<PinnedStateReader>;
  /**
   * Optional: hold off block commits while a transaction simulates, as Fabric's commitRWLock does, so a
   * simulation sees one consistent state. Returns the release function.
   */
  acquireSimulationLock?(): Promise<() => void>;
}

/** A StateReader over one point in time; `release` frees it (idempotent). */
export interface PinnedStateReader extends StateReader {
  release(): void;
}
