import { createHash } from 'node:crypto';
import { MemoryWorldState, compareKeys } from '../../testing/memory-world-state';

/**
 * One peer's copy of committed state, for simulating a transaction the way that peer would. A peer
 * of an org outside a collection's members holds only the hashes of its values (Fabric's hashed
 * private data), so reading a value there finds nothing while `GetPrivateDataHash` still works.
 * Every read is logged, so the read sets of two peers can be compared.
 */
export class PeerWorldState extends MemoryWorldState {
  /** `state:<key>`, `range:<from>..<to>`, `hash:<collection>:<key>`, `value:<collection>:<key>`, in order. */
  readonly reads: string[] = [];
  override readonly state: Map<string, Uint8Array> = new LoggedMap((key) => this.reads.push(`state:${key}`));

  constructor(
    source: MemoryWorldState,
    private readonly hashOnlyCollections: ReadonlySet<string>,
  ) {
    super();
    for (const [key, value] of source.state) this.state.set(key, value);
    for (const [key, policy] of source.validationParameters) this.validationParameters.set(key, policy);
    for (const [key, entries] of source.history) this.history.set(key, [...entries]);
    for (const [name, values] of source.privateState) {
      const collection = this.collection(name);
      for (const [key, value] of values) collection.set(key, value);
    }
  }

  override collection(name: string): Map<string, Uint8Array> {
    let collection = this.privateState.get(name);
    if (!collection) {
      const log = (key: string) => this.reads.push(`value:${name}:${key}`);
      collection = this.hashOnlyCollections.has(name) ? new HashOnlyCollection(log) : new LoggedMap(log);
      this.privateState.set(name, collection);
    }
    return collection;
  }

  override sortedKeys(from: string, to: string): string[] {
    this.reads.push(`range:${from}..${to}`);
    return super.sortedKeys(from, to);
  }

  override privateHash(collection: string, key: string): Uint8Array {
    this.reads.push(`hash:${collection}:${key}`);
    const hash = this.privateHashes()[collection]?.[key];
    return hash ? Buffer.from(hash, 'hex') : Buffer.alloc(0);
  }

  /**
   * Private data as peers of every org can compare it: collection → key → SHA-256 hex of the value.
   * Iterates rather than calling the logged `get`.
   */
  privateHashes(): Record<string, Record<string, string>> {
    const result: Record<string, Record<string, string>> = {};
    for (const [name, values] of [...this.privateState].sort(([a], [b]) => compareKeys(a, b))) {
      const hashes = values instanceof HashOnlyCollection ? [...values.hashes] : [...values].map(([key, value]) => [key, sha256Hex(value)] as const);
      result[name] = Object.fromEntries(hashes.sort(([a], [b]) => compareKeys(a, b)));
    }
    return result;
  }
}

function sha256Hex(value: Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A map whose `get` calls are logged: the stub reads state and private values through `get`. */
class LoggedMap extends Map<string, Uint8Array> {
  constructor(private readonly log: (key: string) => void) {
    super();
  }
  override get(key: string): Uint8Array | undefined {
    this.log(key);
    return super.get(key);
  }
}

/** A collection as a non-member peer holds it: hashes (hex) of the values, never the values. */
class HashOnlyCollection extends Map<string, Uint8Array> {
  readonly hashes = new Map<string, string>();

  constructor(private readonly log: (key: string) => void) {
    super();
  }
  override get(key: string): Uint8Array | undefined {
    this.log(key);
    return undefined;
  }
  override set(key: string, value: Uint8Array): this {
    this.hashes.set(key, sha256Hex(value));
    return this;
  }
  override delete(key: string): boolean {
    return this.hashes.delete(key);
  }
}
