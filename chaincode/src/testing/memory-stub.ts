import type { ChaincodeStub, Iterators, StateQueryResponse } from 'fabric-shim-api';
import { compareKeys, type MemoryWorldState } from './memory-world-state';

const MIN_UNICODE_RUNE = '\u0000';
const MAX_UNICODE_RUNE = '\u{10FFFF}';

export interface MemoryTxOptions {
  readonly txId: string;
  readonly channelId: string;
  readonly timestampMs: number;
  readonly mspId: string;
  readonly transient: Map<string, Uint8Array>;
  readonly fcn: string;
  readonly args: string[];
}

interface PendingWrite {
  readonly value: Uint8Array | undefined;
}

/**
 * The subset of Fabric's ChaincodeStub our contracts use, over committed in-memory state. Like a
 * Fabric peer's simulator, reads see committed state only, never the transaction's own writes.
 */
export class MemoryStub {
  readonly writes = new Map<string, PendingWrite>();
  readonly privateWrites = new Map<string, Map<string, PendingWrite>>();
  readonly validationParameterWrites = new Map<string, Uint8Array>();
  event: { name: string; payload: Uint8Array } | undefined;

  constructor(
    private readonly world: MemoryWorldState,
    private readonly tx: MemoryTxOptions,
  ) {}

  getTxID(): string {
    return this.tx.txId;
  }
  getChannelID(): string {
    return this.tx.channelId;
  }
  getMspID(): string {
    return this.tx.mspId;
  }
  getDateTimestamp(): Date {
    return new Date(this.tx.timestampMs);
  }
  getTxTimestamp(): { seconds: { toString(): string; toNumber(): number }; nanos: number } {
    const seconds = Math.floor(this.tx.timestampMs / 1000);
    return { seconds: { toString: () => String(seconds), toNumber: () => seconds }, nanos: (this.tx.timestampMs % 1000) * 1_000_000 };
  }
  getTransient(): Map<string, Uint8Array> {
    return this.tx.transient;
  }
  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.tx.fcn, params: this.tx.args };
  }
  getArgs(): string[] {
    return [this.tx.fcn, ...this.tx.args];
  }

  async getState(key: string): Promise<Uint8Array> {
    return this.world.state.get(key) ?? Buffer.alloc(0);
  }
  async putState(key: string, value: Uint8Array): Promise<void> {
    if (!key) throw new Error('key must not be an empty string');
    this.writes.set(key, { value: Buffer.from(value) });
  }
  async deleteState(key: string): Promise<void> {
    this.writes.set(key, { value: undefined });
  }
  async setStateValidationParameter(key: string, policy: Uint8Array): Promise<void> {
    this.validationParameterWrites.set(key, Buffer.from(policy));
  }
  async getStateValidationParameter(key: string): Promise<Uint8Array> {
    return this.world.validationParameters.get(key) ?? Buffer.alloc(0);
  }

  async getStateByRange(startKey: string, endKey: string): Promise<Iterators.StateQueryIterator> {
    return this.iterate(startKey, endKey);
  }
  async getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<Iterators.StateQueryIterator> {
    const start = this.createCompositeKey(objectType, attributes);
    return this.iterate(start, start + MAX_UNICODE_RUNE);
  }

  async getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> {
    // Fabric returns the newest modification first.
    const entries = [...(this.world.history.get(key) ?? [])].reverse();
    const results = entries.map((entry) => {
      const seconds = Math.floor(entry.timestampMs / 1000);
      return {
        txId: entry.txId,
        isDelete: entry.isDelete,
        value: entry.value,
        timestamp: { seconds: { toString: () => String(seconds), toNumber: () => seconds }, nanos: (entry.timestampMs % 1000) * 1_000_000 },
      };
    });
    return arrayIterator(results) as unknown as Iterators.HistoryQueryIterator;
  }

  async getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    return this.world.privateState.get(collection)?.get(key) ?? Buffer.alloc(0);
  }
  async getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
    return this.world.privateHash(collection, key);
  }
  async putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    this.privateCollectionWrites(collection).set(key, { value: Buffer.from(value) });
  }
  async deletePrivateData(collection: string, key: string): Promise<void> {
    this.privateCollectionWrites(collection).set(key, { value: undefined });
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (!name) throw new Error('event name must be a non-empty string');
    this.event = { name, payload: Buffer.from(payload) };
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return `${MIN_UNICODE_RUNE}${objectType}${MIN_UNICODE_RUNE}${attributes.map((a) => a + MIN_UNICODE_RUNE).join('')}`;
  }
  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    const parts = compositeKey.split(MIN_UNICODE_RUNE).slice(1, -1);
    return { objectType: parts[0] ?? '', attributes: parts.slice(1) };
  }

  private privateCollectionWrites(collection: string): Map<string, PendingWrite> {
    let writes = this.privateWrites.get(collection);
    if (!writes) {
      writes = new Map();
      this.privateWrites.set(collection, writes);
    }
    return writes;
  }

  private iterate(startKey: string, endKey: string): Iterators.StateQueryIterator {
    const results = this.world
      .sortedKeys(startKey, endKey)
      .sort(compareKeys)
      .map((key) => ({ namespace: 'mobility', key, value: this.world.state.get(key) ?? Buffer.alloc(0) }));
    return arrayIterator(results) as unknown as Iterators.StateQueryIterator;
  }
}

function arrayIterator<T>(items: T[]): { next(): Promise<{ value: T; done: boolean }>; close(): Promise<void> } {
  let index = 0;
  return {
    async next() {
      if (index < items.length) return { value: items[index++] as T, done: false };
      return { value: undefined as unknown as T, done: true };
    },
    async close() {
      index = items.length;
    },
  };
}

export type { ChaincodeStub, StateQueryResponse };
