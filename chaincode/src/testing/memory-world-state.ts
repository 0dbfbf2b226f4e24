import { createHash } from 'node:crypto';

/** A committed value with the transaction that wrote it, for history queries. */
export interface HistoryEntry {
  readonly txId: string;
  readonly timestampMs: number;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
}

/** Byte order of UTF-8 keys, as LevelDB iterates them. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Committed world state of the unit-test ledger: public state, key-level endorsement parameters,
 * private collections and per-key history.
 */
export class MemoryWorldState {
  readonly state = new Map<string, Uint8Array>();
  readonly validationParameters = new Map<string, Uint8Array>();
  readonly privateState = new Map<string, Map<string, Uint8Array>>();
  readonly history = new Map<string, HistoryEntry[]>();

  collection(name: string): Map<string, Uint8Array> {
    let collection = this.privateState.get(name);
    if (!collection) {
      collection = new Map();
      this.privateState.set(name, collection);
    }
    return collection;
  }

  sortedKeys(from: string, to: string): string[] {
    return [...this.state.keys()]
      .filter((key) => compareKeys(key, from) >= 0 && (to === '' || compareKeys(key, to) < 0))
      .sort(compareKeys);
  }

  privateHash(collection: string, key: string): Uint8Array {
    const value = this.privateState.get(collection)?.get(key);
    return value ? createHash('sha256').update(value).digest() : Buffer.alloc(0);
  }
}
