/**
 * A notice's place in the chaincode's event history: the block, the chaincode event's order among
 * that chaincode's events in the block (one event per transaction, in commit order), and the notice's
 * index in the event's payload. Derived from the ledger only, so every gateway of the consortium
 * numbers a notice the same way: a client may resume on another gateway, or after the log is rebuilt.
 *
 * External form (SSE `id`): `<block>.<event>.<notice>`, e.g. `42.0.1`. Stored form: zero-padded so
 * that the byte order of keys is the numeric order.
 */
export interface Position {
  readonly blockNumber: bigint;
  readonly eventIndex: number;
  readonly noticeIndex: number;
}

export const MAX_EVENT_INDEX = 999_999;
export const MAX_NOTICE_INDEX = 9_999;
const MAX_BLOCK = 2n ** 64n - 1n;
const EXTERNAL = /^(\d{1,20})\.(\d{1,6})\.(\d{1,4})$/;
const STORED = /^(\d{20})\.(\d{6})\.(\d{4})$/;

export class InvalidPositionError extends Error {
  constructor(readonly text: string) {
    super(`"${text.slice(0, 64)}" is not an event position (<block>.<event>.<notice>)`);
    this.name = 'InvalidPositionError';
  }
}

function checked(position: Position): Position {
  if (position.blockNumber < 0n || position.blockNumber > MAX_BLOCK) throw new RangeError(`block ${position.blockNumber} out of range`);
  if (!Number.isInteger(position.eventIndex) || position.eventIndex < 0 || position.eventIndex > MAX_EVENT_INDEX) {
    throw new RangeError(`event index ${position.eventIndex} out of range`);
  }
  if (!Number.isInteger(position.noticeIndex) || position.noticeIndex < 0 || position.noticeIndex > MAX_NOTICE_INDEX) {
    throw new RangeError(`notice index ${position.noticeIndex} out of range`);
  }
  return position;
}

export function formatPosition(position: Position): string {
  checked(position);
  return `${position.blockNumber}.${position.eventIndex}.${position.noticeIndex}`;
}

export function parsePosition(text: string): Position {
  const match = EXTERNAL.exec(text.trim());
  if (!match) throw new InvalidPositionError(text);
  try {
    return checked({ blockNumber: BigInt(match[1] ?? ''), eventIndex: Number(match[2]), noticeIndex: Number(match[3]) });
  } catch {
    throw new InvalidPositionError(text);
  }
}

/** The sortable storage key of a position. */
export function positionKey(position: Position): string {
  checked(position);
  return `${position.blockNumber.toString().padStart(20, '0')}.${String(position.eventIndex).padStart(6, '0')}.${String(position.noticeIndex).padStart(4, '0')}`;
}

export function positionOfKey(key: string): Position {
  const match = STORED.exec(key);
  if (!match) throw new InvalidPositionError(key);
  return { blockNumber: BigInt(match[1] ?? ''), eventIndex: Number(match[2]), noticeIndex: Number(match[3]) };
}

/** The key after every notice of an event: resuming there skips the rest of that event. */
export function endOfEventKey(blockNumber: bigint, eventIndex: number): string {
  return positionKey({ blockNumber, eventIndex, noticeIndex: MAX_NOTICE_INDEX });
}
