import type { Static, TSchema } from '@sinclair/typebox';
import type { LedgerContext } from './context';
import { canonicalJson } from './canonical-json';
import { alreadyExists, notFound } from './errors';
import { validate } from './validate';

const INDEX_MARKER = Buffer.from([0]);

/**
 * A typed record kind stored under a composite key `objectType + keyParts`. Records are validated
 * against their schema when written and when read back, and written as canonical JSON.
 */
export class RecordStore<S extends TSchema> {
  constructor(
    readonly objectType: string,
    readonly schema: S,
    /** Name used in error messages, e.g. `pairing`. */
    readonly label: string = objectType,
  ) {}

  key(ctx: LedgerContext, keyParts: readonly string[]): string {
    return ctx.stub.createCompositeKey(this.objectType, [...keyParts]);
  }

  async get(ctx: LedgerContext, keyParts: readonly string[]): Promise<Static<S> | undefined> {
    const bytes = await ctx.stub.getState(this.key(ctx, keyParts));
    if (!bytes || bytes.length === 0) return undefined;
    return this.decode(bytes);
  }

  async require(ctx: LedgerContext, keyParts: readonly string[]): Promise<Static<S>> {
    const record = await this.get(ctx, keyParts);
    if (!record) throw notFound(this.label, `${keyParts.join('/')} does not exist`);
    return record;
  }

  async exists(ctx: LedgerContext, keyParts: readonly string[]): Promise<boolean> {
    const bytes = await ctx.stub.getState(this.key(ctx, keyParts));
    return !!bytes && bytes.length > 0;
  }

  async put(ctx: LedgerContext, keyParts: readonly string[], record: Static<S>): Promise<void> {
    const checked = validate(this.schema, record, this.label);
    await ctx.stub.putState(this.key(ctx, keyParts), Buffer.from(canonicalJson(checked), 'utf8'));
  }

  async create(ctx: LedgerContext, keyParts: readonly string[], record: Static<S>): Promise<void> {
    if (await this.exists(ctx, keyParts)) throw alreadyExists(this.label, `${keyParts.join('/')} already exists`);
    await this.put(ctx, keyParts, record);
  }

  /** All records whose key starts with the given parts, in key order. */
  async list(ctx: LedgerContext, partialKey: readonly string[] = []): Promise<Static<S>[]> {
    const records: Static<S>[] = [];
    const iterator = await ctx.stub.getStateByPartialCompositeKey(this.objectType, [...partialKey]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        records.push(this.decode(next.value.value));
      }
    } finally {
      await iterator.close();
    }
    return records;
  }

  /** Every committed version of one record, oldest first, for auditors. */
  async history(ctx: LedgerContext, keyParts: readonly string[]): Promise<RecordVersion<Static<S>>[]> {
    const versions: RecordVersion<Static<S>>[] = [];
    const iterator = await ctx.stub.getHistoryForKey(this.key(ctx, keyParts));
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const entry = next.value;
        const seconds = Number(entry.timestamp.seconds.toString());
        const timestampMs = seconds * 1000 + Math.trunc(entry.timestamp.nanos / 1_000_000);
        versions.push({
          txId: entry.txId,
          timestampMs,
          isDelete: entry.isDelete,
          record: entry.isDelete ? undefined : this.decode(entry.value),
        });
      }
    } finally {
      await iterator.close();
    }
    // Fabric returns newest first; auditors read a lifecycle oldest first. Client timestamps need
    // not be monotonic, so reverse the ledger order rather than sorting by time.
    return versions.reverse();
  }

  private decode(bytes: Uint8Array): Static<S> {
    return validate(this.schema, JSON.parse(Buffer.from(bytes).toString('utf8')), this.label);
  }
}

export interface RecordVersion<T> {
  readonly txId: string;
  readonly timestampMs: number;
  readonly isDelete: boolean;
  readonly record: T | undefined;
}

/**
 * A secondary index as empty-valued composite keys, so lookups work with range queries on LevelDB
 * (no CouchDB rich queries).
 */
export class CompositeIndex {
  constructor(readonly name: string) {}

  async add(ctx: LedgerContext, attributes: readonly string[]): Promise<void> {
    await ctx.stub.putState(ctx.stub.createCompositeKey(this.name, [...attributes]), INDEX_MARKER);
  }

  async remove(ctx: LedgerContext, attributes: readonly string[]): Promise<void> {
    await ctx.stub.deleteState(ctx.stub.createCompositeKey(this.name, [...attributes]));
  }

  async has(ctx: LedgerContext, attributes: readonly string[]): Promise<boolean> {
    const bytes = await ctx.stub.getState(ctx.stub.createCompositeKey(this.name, [...attributes]));
    return !!bytes && bytes.length > 0;
  }

  /** Attribute tuples of all entries starting with `prefix`, in key order. */
  async list(ctx: LedgerContext, prefix: readonly string[]): Promise<string[][]> {
    const entries: string[][] = [];
    const iterator = await ctx.stub.getStateByPartialCompositeKey(this.name, [...prefix]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        entries.push(ctx.stub.splitCompositeKey(next.value.key).attributes);
      }
    } finally {
      await iterator.close();
    }
    return entries;
  }
}
