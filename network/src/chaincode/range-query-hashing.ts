/**
 * Fabric's RangeQueryResultsHelper (rwsetutil/query_results_helper.go): the keys a range query returned
 * are kept as raw reads while there are at most `maxDegree` of them; beyond that they are folded into a
 * Merkle tree whose leaves hash `maxDegree + 1` serialized reads, so the rwset stays small. The committer
 * re-runs the query and must reproduce the same raw reads or the same summary (phantom read check).
 */
import { createHash } from 'node:crypto';
import { ledger } from '@hyperledger/fabric-protos';

const { kvrwset } = ledger.rwset;

/** Fabric's txmgr constants: hashing on, maxDegree 50. */
export const QUERY_READS_MAX_DEGREE = 50;

export interface MerkleSummary {
  readonly maxDegree: number;
  readonly maxLevel: number;
  readonly maxLevelHashes: readonly Uint8Array[];
}

export interface RangeReadsOutcome {
  /** Set when the tree stayed empty (at most maxDegree results); undefined when there were no results. */
  readonly rawReads: readonly ledger.rwset.kvrwset.KVRead[] | undefined;
  readonly merkleSummary: MerkleSummary | undefined;
}

function sha256(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

function combinedHash(hashes: readonly Uint8Array[]): Uint8Array {
  return sha256(Buffer.concat(hashes.map((hash) => Buffer.from(hash))));
}

class MerkleTree {
  private readonly levels = new Map<number, Uint8Array[]>();
  private maxLevel = 1;

  constructor(private readonly maxDegree: number) {}

  get isEmpty(): boolean {
    return this.maxLevel === 1 && (this.levels.get(1)?.length ?? 0) === 0;
  }

  /** Adds a leaf-level hash and collapses every level that grew beyond maxDegree. */
  update(leafHash: Uint8Array): void {
    this.at(1).push(leafHash);
    let level = 1;
    for (;;) {
      const hashes = this.at(level);
      if (hashes.length <= this.maxDegree) return;
      const parent = combinedHash(hashes);
      this.levels.delete(level);
      level += 1;
      this.at(level).push(parent);
      if (level > this.maxLevel) this.maxLevel = level;
    }
  }

  /** Folds the lower, unfinished levels up to the top, then caps the top at maxDegree hashes. */
  done(): void {
    let level = 1;
    while (level < this.maxLevel) {
      const hashes = this.at(level);
      if (hashes.length === 0) {
        level += 1;
        continue;
      }
      const folded = hashes.length === 1 ? hashes[0]! : combinedHash(hashes);
      this.levels.delete(level);
      level += 1;
      this.at(level).push(folded);
    }
    const top = this.at(this.maxLevel);
    if (top.length > this.maxDegree) {
      this.levels.delete(this.maxLevel);
      this.maxLevel += 1;
      this.levels.set(this.maxLevel, [combinedHash(top)]);
    }
  }

  summary(): MerkleSummary {
    return { maxDegree: this.maxDegree, maxLevel: this.maxLevel, maxLevelHashes: [...this.at(this.maxLevel)] };
  }

  private at(level: number): Uint8Array[] {
    let hashes = this.levels.get(level);
    if (!hashes) {
      hashes = [];
      this.levels.set(level, hashes);
    }
    return hashes;
  }
}

export class RangeQueryResultsHelper {
  private pending: ledger.rwset.kvrwset.KVRead[] = [];
  private readonly tree: MerkleTree;

  constructor(private readonly maxDegree = QUERY_READS_MAX_DEGREE) {
    if (maxDegree < 2) throw new RangeError(`maxDegree [${maxDegree}] should not be less than 2 in the merkle tree`);
    this.tree = new MerkleTree(maxDegree);
  }

  addResult(read: ledger.rwset.kvrwset.KVRead): void {
    this.pending.push(read);
    if (this.pending.length > this.maxDegree) this.processPending();
  }

  done(): RangeReadsOutcome {
    if (this.tree.isEmpty) {
      return { rawReads: this.pending.length > 0 ? [...this.pending] : undefined, merkleSummary: undefined };
    }
    if (this.pending.length > 0) this.processPending();
    this.tree.done();
    return { rawReads: undefined, merkleSummary: this.tree.summary() };
  }

  private processPending(): void {
    const reads = new kvrwset.QueryReads();
    reads.setKvReadsList(this.pending);
    this.pending = [];
    this.tree.update(sha256(reads.serializeBinary()));
  }
}
