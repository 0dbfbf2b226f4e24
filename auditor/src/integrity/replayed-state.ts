/**
 * World state as a replay of the VALID transactions computes it, with Fabric's write semantics
 * (validation/tx_ops.go): an empty value or is_delete deletes, metadata writes replace the key's
 * metadata (no entries delete it), a value write keeps the metadata, a metadata write on a missing key
 * is ignored, and every change takes version (block, tx). Public keys by namespace, private keys as
 * hashes by (namespace, collection, key hash). Block-to-live purges are not modelled.
 */
import { isKvWriteDelete, isKvWriteHashDelete, type KvMetadataEntry, type TxRwSet, type Version } from '@mobility-ledger/network/dist/protoutil/transaction';

export type Metadata = ReadonlyMap<string, Buffer>;

export interface ReplayedValue {
  readonly value: Buffer;
  readonly version: Version;
  readonly metadata: Metadata | undefined;
}

export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

export function publicId(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}

export function hashedId(namespace: string, collection: string, keyHash: Uint8Array): string {
  return `${namespace}\u0000${collection}\u0000${Buffer.from(keyHash).toString('hex')}`;
}

function toMetadata(entries: readonly KvMetadataEntry[]): Metadata | undefined {
  return entries.length === 0 ? undefined : new Map(entries.map((entry) => [entry.name, Buffer.from(entry.value)]));
}

export class ReplayedState {
  readonly publicState = new Map<string, ReplayedValue>();
  readonly hashedState = new Map<string, ReplayedValue>();

  getPublic(namespace: string, key: string): ReplayedValue | undefined {
    return this.publicState.get(publicId(namespace, key));
  }

  getHashed(namespace: string, collection: string, keyHash: Uint8Array): ReplayedValue | undefined {
    return this.hashedState.get(hashedId(namespace, collection, keyHash));
  }

  /** Applies one VALID transaction's writes. */
  apply(rwset: TxRwSet, version: Version): void {
    for (const ns of rwset.nsRwSets) {
      const metadataWrites = new Map(ns.kvRwSet.metadataWrites.map((write) => [write.key, toMetadata(write.entries)]));
      for (const write of ns.kvRwSet.writes) {
        const id = publicId(ns.namespace, write.key);
        if (isKvWriteDelete(write)) {
          this.publicState.delete(id);
          continue;
        }
        const metadata = metadataWrites.has(write.key) ? metadataWrites.get(write.key) : this.publicState.get(id)?.metadata;
        this.publicState.set(id, { value: Buffer.from(write.value), version, metadata });
        metadataWrites.delete(write.key);
      }
      for (const [key, metadata] of metadataWrites) updateMetadata(this.publicState, publicId(ns.namespace, key), metadata, version);
      for (const coll of ns.collHashedRwSets) {
        const hashedMetadata = new Map(coll.hashedRwSet.metadataWrites.map((write) => [Buffer.from(write.keyHash).toString('hex'), toMetadata(write.entries)]));
        for (const write of coll.hashedRwSet.hashedWrites) {
          const id = hashedId(ns.namespace, coll.collectionName, write.keyHash);
          const hex = Buffer.from(write.keyHash).toString('hex');
          if (isKvWriteHashDelete(write) || write.isPurge) {
            this.hashedState.delete(id);
            continue;
          }
          const metadata = hashedMetadata.has(hex) ? hashedMetadata.get(hex) : this.hashedState.get(id)?.metadata;
          this.hashedState.set(id, { value: Buffer.from(write.valueHash), version, metadata });
          hashedMetadata.delete(hex);
        }
        for (const [hex, metadata] of hashedMetadata) {
          updateMetadata(this.hashedState, hashedId(ns.namespace, coll.collectionName, Buffer.from(hex, 'hex')), metadata, version);
        }
      }
    }
  }
}

function updateMetadata(state: Map<string, ReplayedValue>, id: string, metadata: Metadata | undefined, version: Version): void {
  const existing = state.get(id);
  if (existing) state.set(id, { value: existing.value, version, metadata });
}
