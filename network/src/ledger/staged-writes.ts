/**
 * Writes collected for one LevelDB batch, readable before they are written (read-through to the DB), so that
 * several steps of one block commit can build on each other and still land atomically.
 */
import type { LevelOp } from './encoding';
import { readSync, type LedgerLevel } from './statedb/state-db';

export class StagedWrites {
  private readonly staged = new Map<string, { key: Buffer; value: Buffer | null }>();

  constructor(private readonly db: LedgerLevel) {}

  async get(key: Buffer): Promise<Buffer | undefined> {
    const entry = this.staged.get(key.toString('hex'));
    if (entry) return entry.value ?? undefined;
    return readSync(this.db, key);
  }

  put(key: Buffer, value: Buffer): void {
    this.staged.set(key.toString('hex'), { key, value });
  }

  del(key: Buffer): void {
    this.staged.set(key.toString('hex'), { key, value: null });
  }

  toOps(): LevelOp[] {
    return [...this.staged.values()].map(({ key, value }) => (value === null ? { type: 'del', key } : { type: 'put', key, value }));
  }
}
