/**
 * The state updates of one block, public and hashed, keyed so that a later transaction's write of the same
 * key replaces an earlier one (Fabric's privacyenabledstate.UpdateBatch). A null value is a delete.
 */
import type { Version } from '../../protoutil/transaction';
import type { StateMetadata } from './value-codec';

export interface PublicUpdate {
  readonly namespace: string;
  readonly key: string;
  /** null deletes the key. */
  readonly value: Buffer | null;
  readonly metadata: StateMetadata | undefined;
  readonly version: Version;
}

export interface HashedUpdate {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: Buffer;
  /** null deletes the key hash. */
  readonly valueHash: Buffer | null;
  readonly metadata: StateMetadata | undefined;
  readonly version: Version;
}

export class StateUpdateBatch {
  readonly publicUpdates = new Map<string, PublicUpdate>();
  readonly hashedUpdates = new Map<string, HashedUpdate>();

  static publicId(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
  }

  static hashedId(namespace: string, collection: string, keyHash: Uint8Array): string {
    return `${namespace}\u0000${collection}\u0000${Buffer.from(keyHash).toString('hex')}`;
  }

  putPublic(update: PublicUpdate): void {
    const id = StateUpdateBatch.publicId(update.namespace, update.key);
    // Re-inserting keeps the map's order equal to the order of last modification.
    this.publicUpdates.delete(id);
    this.publicUpdates.set(id, update);
  }

  putHashed(update: HashedUpdate): void {
    const id = StateUpdateBatch.hashedId(update.namespace, update.collection, update.keyHash);
    this.hashedUpdates.delete(id);
    this.hashedUpdates.set(id, update);
  }

  getPublic(namespace: string, key: string): PublicUpdate | undefined {
    return this.publicUpdates.get(StateUpdateBatch.publicId(namespace, key));
  }

  getHashed(namespace: string, collection: string, keyHash: Uint8Array): HashedUpdate | undefined {
    return this.hashedUpdates.get(StateUpdateBatch.hashedId(namespace, collection, keyHash));
  }

  get size(): number {
    return this.publicUpdates.size + this.hashedUpdates.size;
  }
}
