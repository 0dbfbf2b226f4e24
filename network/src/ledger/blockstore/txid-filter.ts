/**
 * Which txIDs the block index holds, answered in memory for the common case: a new transaction's txID is
 * checked for duplicates by every endorser and again by the validator, and the answer is almost always
 * "not there". A Bloom filter says "certainly not" without touching LevelDB; only "maybe" (a real
 * duplicate, a status lookup, or a ~1% false positive) goes to the index. The newest locations are also
 * kept exactly, so CommitStatus lookups of recent transactions need no index read either.
 *
 * Memory stays bounded by the ledger's size: ~1.2 bytes per txID in the filter (layers double as it
 * fills, each at 1% false positives) plus a fixed number of recent locations.
 */
import type { TxLocation } from './block-index';

const FALSE_POSITIVE_RATE = 0.01;
const FIRST_LAYER_CAPACITY = 1 << 16;
const RECENT_LOCATIONS = 1 << 15;

/** One fixed-size Bloom filter; `hashes` bit positions per item by double hashing. */
class BloomLayer {
  private readonly bits: Uint32Array;
  private readonly bitCount: number;
  private readonly hashes: number;
  count = 0;

  constructor(readonly capacity: number) {
    this.bitCount = Math.ceil((-capacity * Math.log(FALSE_POSITIVE_RATE)) / Math.LN2 ** 2);
    this.hashes = Math.max(1, Math.round((this.bitCount / capacity) * Math.LN2));
    this.bits = new Uint32Array(Math.ceil(this.bitCount / 32));
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const index = bit % this.bitCount;
      this.bits[index >>> 5] = (this.bits[index >>> 5] ?? 0) | (1 << (index & 31));
    }
    this.count += 1;
  }

  mightContain(h1: number, h2: number): boolean {
    for (let i = 0; i < this.hashes; i++) {
      const index = ((h1 + Math.imul(i, h2)) >>> 0) % this.bitCount;
      if (((this.bits[index >>> 5] ?? 0) & (1 << (index & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two independent 32-bit FNV-1a style hashes of the string's UTF-16 code units. */
function hashes(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // An odd step keeps the double-hashing positions distinct.
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

export class TxIdFilter {
  private readonly layers: BloomLayer[] = [new BloomLayer(FIRST_LAYER_CAPACITY)];
  private readonly recent = new Map<string, TxLocation>();

  /** Records a stored txID; only a txID's first location is remembered, as the index answers the first. */
  add(txId: string, location?: TxLocation): void {
    const [h1, h2] = hashes(txId);
    // A txID the filter may already hold could be a duplicate whose first location was forgotten.
    const certainlyNew = !this.layers.some((candidate) => candidate.mightContain(h1, h2));
    let layer = this.layers[this.layers.length - 1] as BloomLayer;
    if (layer.count >= layer.capacity) {
      layer = new BloomLayer(layer.capacity * 2);
      this.layers.push(layer);
    }
    layer.add(h1, h2);
    if (location && certainlyNew) {
      this.recent.set(txId, location);
      if (this.recent.size > RECENT_LOCATIONS) {
        const oldest = this.recent.keys().next();
        if (!oldest.done) this.recent.delete(oldest.value);
      }
    }
  }

  /** False only if the txID was never added. */
  mightContain(txId: string): boolean {
    const [h1, h2] = hashes(txId);
    return this.layers.some((layer) => layer.mightContain(h1, h2));
  }

  /** The location of a recently added txID, if still remembered. */
  recentLocation(txId: string): TxLocation | undefined {
    return this.recent.get(txId);
  }
}
