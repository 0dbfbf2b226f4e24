import type { Checkpoint } from '@hyperledger/fabric-gateway';
import { ClassicLevel } from 'classic-level';
import { decodeLedgerPayload } from './ledger-notices';
import { endOfEventKey, formatPosition, MAX_EVENT_INDEX, MAX_NOTICE_INDEX, positionKey } from './position';
import type { StoredNotice } from './stored-notice';

/** The parts of a fabric-gateway ChaincodeEvent the log needs. */
export interface LedgerEvent {
  readonly blockNumber: bigint;
  readonly transactionId: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/** The last chaincode event the log holds, so the Fabric stream resumes right after it. */
export interface LogCheckpoint {
  readonly blockNumber: bigint;
  readonly transactionId: string;
  /** The event's order among the chaincode's events in its block. */
  readonly eventIndex: number;
}

export type AppendResult =
  | { readonly status: 'appended'; readonly notices: readonly StoredNotice[] }
  | { readonly status: 'undeliverable'; readonly reason: string }
  | { readonly status: 'duplicate' | 'stale' };

export class LogClosedError extends Error {
  constructor() {
    super('the event log is closed');
    this.name = 'LogClosedError';
  }
}

/*
 * Keys (utf8, byte order = position order):
 *   n!<position key>               → StoredNotice JSON
 *   r!<recipient>!<position key>   → '' (per-recipient index, so a device reads only its own notices)
 *   b!<block, 20 digits>!<tx ID>   → '' (duplicate guard; only the checkpoint's block matters, older ones are cleared)
 *   m!checkpoint                   → {blockNumber, transactionId, eventIndex}
 *   m!pruned                       → position key of the newest pruned notice
 * An event's notices, index entries and the checkpoint are written in one atomic batch.
 */
const NOTICE = 'n!';
const RECIPIENT = 'r!';
const SEEN = 'b!';
const CHECKPOINT = 'm!checkpoint';
const PRUNED = 'm!pruned';
const END = '~';

type Db = ClassicLevel<string, string>;
type BatchOp = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };

/**
 * The gateway's durable notice log (LevelDB in its data dir): the single Fabric chaincode-event
 * stream appends, subscribers read their own recipient's notices from any position.
 */
export class EventLog {
  private current: LogCheckpoint | undefined;
  private pruned: string | undefined;
  private closed = false;
  private readonly listeners = new Set<(notices: readonly StoredNotice[]) => void>();

  private constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  static async open(location: string, options: { now?: () => number } = {}): Promise<EventLog> {
    const db: Db = new ClassicLevel<string, string>(location, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    const log = new EventLog(db, options.now ?? Date.now);
    const checkpoint = await db.get(CHECKPOINT);
    if (checkpoint !== undefined) {
      const parsed = JSON.parse(checkpoint) as { blockNumber: string; transactionId: string; eventIndex: number };
      log.current = { blockNumber: BigInt(parsed.blockNumber), transactionId: parsed.transactionId, eventIndex: parsed.eventIndex };
    }
    log.pruned = await db.get(PRUNED);
    return log;
  }

  get checkpoint(): LogCheckpoint | undefined {
    return this.current;
  }

  /** The position key of the newest pruned notice: readers from before it may have missed notices. */
  get prunedThrough(): string | undefined {
    return this.pruned;
  }

  /** A position key after everything appended so far (undefined: nothing yet), for subscribers that want only new notices. */
  headKey(): string | undefined {
    return this.current ? endOfEventKey(this.current.blockNumber, this.current.eventIndex) : undefined;
  }

  /** The checkpoint as fabric-gateway reads it: resume in the checkpointed block, after its transaction. */
  fabricCheckpoint(): Checkpoint {
    return {
      getBlockNumber: () => this.current?.blockNumber,
      getTransactionId: () => this.current?.transactionId,
    };
  }

  onAppend(listener: (notices: readonly StoredNotice[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Appends one chaincode event's notices and moves the checkpoint past it, atomically. Events are
   * appended in commit order by one writer; a repeat (same transaction) or an older block changes nothing.
   */
  async append(event: LedgerEvent): Promise<AppendResult> {
    this.requireOpen();
    const checkpoint = this.current;
    if (checkpoint && event.blockNumber < checkpoint.blockNumber) return { status: 'stale' };
    const seen = seenKey(event.blockNumber, event.transactionId);
    if ((await this.db.get(seen)) !== undefined) return { status: 'duplicate' };
    const eventIndex = checkpoint && checkpoint.blockNumber === event.blockNumber ? checkpoint.eventIndex + 1 : 0;
    if (eventIndex > MAX_EVENT_INDEX) throw new RangeError(`block ${event.blockNumber} has more than ${MAX_EVENT_INDEX + 1} chaincode events`);
    const next: LogCheckpoint = { blockNumber: event.blockNumber, transactionId: event.transactionId, eventIndex };
    const operations: BatchOp[] = [
      { type: 'put', key: seen, value: '' },
      {
        type: 'put',
        key: CHECKPOINT,
        value: JSON.stringify({ blockNumber: event.blockNumber.toString(), transactionId: event.transactionId, eventIndex }),
      },
    ];
    const decoded = decodeLedgerPayload(event.payload, event.transactionId);
    const appendedAtMs = this.now();
    const notices: StoredNotice[] = [];
    if (decoded.ok) {
      for (const notice of decoded.notices) {
        if (notice.to.length === 0 || notice.index > MAX_NOTICE_INDEX) continue;
        const position = { blockNumber: event.blockNumber, eventIndex, noticeIndex: notice.index };
        const key = positionKey(position);
        const stored: StoredNotice = {
          position: formatPosition(position),
          txId: event.transactionId,
          blockNumber: event.blockNumber.toString(),
          eventName: event.eventName,
          type: notice.type,
          to: notice.to,
          data: notice.data,
          appendedAtMs,
        };
        notices.push(stored);
        operations.push({ type: 'put', key: NOTICE + key, value: JSON.stringify(stored) });
        for (const recipient of notice.to) operations.push({ type: 'put', key: `${RECIPIENT}${recipient}!${key}`, value: '' });
      }
    }
    await this.db.batch(operations);
    this.current = next;
    if (!decoded.ok) return { status: 'undeliverable', reason: decoded.reason };
    if (notices.length > 0) {
      for (const listener of this.listeners) {
        try {
          listener(notices);
        } catch {
          // A listener's failure must not undo a durable append.
        }
      }
    }
    return { status: 'appended', notices };
  }

  /** Up to `limit` notices for `recipient` (normalised) after position key `afterKey`, oldest first. */
  async readFor(recipient: string, afterKey: string | undefined, limit: number): Promise<StoredNotice[]> {
    this.requireOpen();
    const prefix = `${RECIPIENT}${recipient}!`;
    const keys = await this.db.keys({ gt: prefix + (afterKey ?? ''), lt: prefix + END, limit }).all();
    if (keys.length === 0) return [];
    const values = await this.db.getMany(keys.map((key) => NOTICE + key.slice(prefix.length)));
    // A notice pruned between the two reads is skipped, like any pruned notice.
    return values.filter((value): value is string => value !== undefined).map((value) => JSON.parse(value) as StoredNotice);
  }

  /**
   * Deletes notices appended before `cutoffMs` (oldest first, in batches) and the duplicate guards of
   * blocks before the checkpoint's; returns how many notices went.
   */
  async prune(cutoffMs: number, batchSize = 500): Promise<number> {
    this.requireOpen();
    if (this.current) await this.db.clear({ gt: SEEN, lt: seenKey(this.current.blockNumber, '') });
    let removed = 0;
    for (;;) {
      this.requireOpen();
      const entries = await this.db.iterator({ gt: NOTICE, lt: NOTICE + END, limit: batchSize }).all();
      const operations: BatchOp[] = [];
      let newest: string | undefined;
      let reachedCutoff = false;
      for (const [key, value] of entries) {
        const notice = JSON.parse(value) as StoredNotice;
        if (notice.appendedAtMs >= cutoffMs) {
          reachedCutoff = true;
          break;
        }
        const position = key.slice(NOTICE.length);
        operations.push({ type: 'del', key });
        for (const recipient of notice.to) operations.push({ type: 'del', key: `${RECIPIENT}${recipient}!${position}` });
        newest = position;
        removed += 1;
      }
      if (newest) {
        operations.push({ type: 'put', key: PRUNED, value: newest });
        await this.db.batch(operations);
        this.pruned = newest;
      }
      if (reachedCutoff || entries.length < batchSize) return removed;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.db.close();
  }

  private requireOpen(): void {
    if (this.closed) throw new LogClosedError();
  }
}

function seenKey(blockNumber: bigint, transactionId: string): string {
  return `${SEEN}${blockNumber.toString().padStart(20, '0')}!${transactionId}`;
}
