import { inRange } from '../protoutil/key-order';
import type { Version } from './ports';

interface PendingKey {
  readonly version: Version;
  readonly deleted: boolean;
  readonly validationParameter?: Uint8Array | null;
}

/**
 * Writes of the transactions already found valid earlier in the same block. Later transactions are
 * checked against them, as Fabric's validator does, so a block never commits conflicting writes.
 */
export class BlockUpdates {
  private readonly keys = new Map<string, PendingKey>();

  private static id(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
  }

  static hashedNamespace(namespace: string, collection: string): string {
    return `${namespace}$$h${collection}`;
  }

  record(namespace: string, key: string, version: Version, deleted: boolean): void {
    const previous = this.keys.get(BlockUpdates.id(namespace, key));
    this.keys.set(BlockUpdates.id(namespace, key), { version, deleted, validationParameter: previous?.validationParameter });
  }

  recordValidationParameter(namespace: string, key: string, version: Version, parameter: Uint8Array | null): void {
    const previous = this.keys.get(BlockUpdates.id(namespace, key));
    this.keys.set(BlockUpdates.id(namespace, key), { version, deleted: previous?.deleted ?? false, validationParameter: parameter });
  }

  get(namespace: string, key: string): PendingKey | undefined {
    return this.keys.get(BlockUpdates.id(namespace, key));
  }

  /** Keys of a namespace written in this block within [start, end). */
  keysInRange(namespace: string, startKey: string, endKey: string): { key: string; version: Version; deleted: boolean }[] {
    const prefix = `${namespace}\u0000`;
    const result: { key: string; version: Version; deleted: boolean }[] = [];
    for (const [id, pending] of this.keys) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      if (inRange(key, startKey, endKey)) result.push({ key, version: pending.version, deleted: pending.deleted });
    }
    return result;
  }
}
