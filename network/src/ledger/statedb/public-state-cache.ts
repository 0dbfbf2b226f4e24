/**
 * Committed public state in memory, for point reads at any height the ledger still serves.
 *
 * Each entry says "from height `since` up to the current height, the key holds this value (or is absent)".
 * A read at height h may use it when since ≤ h. Entries come from two places:
 *  - reads at the current height that went to LevelDB (`fill`), valid from that height on;
 *  - the block just committed (`applyBlock`): its final value of every key it wrote, valid from the new
 *    height. Readers of older snapshots then miss and read their LevelDB snapshot instead.
 * Both happen synchronously with the reads and with the height change, so an entry is never stale.
 * Bounded by bytes; the oldest entries go first.
 */
import type { PublicUpdate } from './update-batch';
import type { VersionedValue } from './value-codec';

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
/** Map entry, key and object overhead, roughly. */
const ENTRY_OVERHEAD = 120;

interface CacheEntry {
  readonly value: VersionedValue | undefined;
  readonly since: number;
  readonly bytes: number;
}

/** What the cache knows of a key: found (maybe absent) or unknown (undefined). */
export type CachedRead = { readonly value: VersionedValue | undefined } | undefined;

export class PublicStateCache {
  private readonly entries = new Map<string, CacheEntry>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** The key's committed value at `height`, if known. */
  lookup(namespace: string, key: string, height: number): CachedRead {
    const entry = this.entries.get(id(namespace, key));
    return entry && entry.since <= height ? entry : undefined;
  }

  /** Remembers a LevelDB read made at the current height `height` (callers read nothing older into it). */
  fill(namespace: string, key: string, height: number, value: VersionedValue | undefined): void {
    const entryId = id(namespace, key);
    if (this.entries.has(entryId)) return;
    this.put(entryId, { value, since: height, bytes: sizeOf(entryId, value) });
  }

  /** The final values of a block's public writes, valid from `newHeight` (the height after the block). */
  applyBlock(updates: Iterable<PublicUpdate>, newHeight: number): void {
    for (const update of updates) {
      const entryId = id(update.namespace, update.key);
      const value = update.value === null ? undefined : { value: update.value, version: update.version, metadata: update.metadata };
      this.remove(entryId);
      this.put(entryId, { value, since: newHeight, bytes: sizeOf(entryId, value) });
    }
  }

  private put(entryId: string, entry: CacheEntry): void {
    this.entries.set(entryId, entry);
    this.bytes += entry.bytes;
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
  }

  private remove(entryId: string): void {
    const entry = this.entries.get(entryId);
    if (!entry) return;
    this.entries.delete(entryId);
    this.bytes -= entry.bytes;
  }
}

/** Length-prefixed, so no namespace and key pair can stand for another. */
function id(namespace: string, key: string): string {
  return `${namespace.length}:${namespace}${key}`;
}

function sizeOf(entryId: string, value: VersionedValue | undefined): number {
  return ENTRY_OVERHEAD + entryId.length * 2 + (value ? value.value.length : 0);
}
