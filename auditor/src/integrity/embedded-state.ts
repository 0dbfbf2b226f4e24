/**
 * Reads the world state of an embedded network's ledger offline (network/src/ledger/statedb key
 * space: 0x00 savepoint, 0x01 len(ns) ns key → versioned value, 0x02 len(ns) ns len(coll) coll
 * keyHash → versioned hash). The network must be stopped (LevelDB allows one process), or the data
 * directory copied.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeVersion } from '@mobility-ledger/network/dist/ledger/encoding';
import { openLedgerLevel, type LedgerLevel } from '@mobility-ledger/network/dist/ledger/statedb/state-db';
import { decodeVersionedValue } from '@mobility-ledger/network/dist/ledger/statedb/value-codec';
import type { Version } from '@mobility-ledger/network/dist/protoutil/transaction';
import { hashedId, publicId, type ReplayedValue } from './replayed-state';

export interface StateSnapshot {
  readonly savepoint: Version | undefined;
  readonly publicState: ReadonlyMap<string, ReplayedValue>;
  readonly hashedState: ReadonlyMap<string, ReplayedValue>;
}

export class StateReadError extends Error {
  override name = 'StateReadError';
}

const SAVEPOINT_PREFIX = 0x00;
const PUBLIC_PREFIX = 0x01;
const HASHED_PREFIX = 0x02;

function readLengthPrefixed(bytes: Buffer, offset: number): { value: Buffer; next: number } {
  const length = bytes.readUInt32BE(offset);
  return { value: bytes.subarray(offset + 4, offset + 4 + length), next: offset + 4 + length };
}

function toReplayed(bytes: Buffer): ReplayedValue {
  const decoded = decodeVersionedValue(bytes);
  const metadata = decoded.metadata ? new Map([...decoded.metadata].map(([name, value]) => [name, Buffer.from(value)])) : undefined;
  return { value: Buffer.from(decoded.value), version: decoded.version, metadata };
}

export function embeddedStateDir(dataDir: string, channel: string): string {
  return path.join(dataDir, 'ledgersData', 'stateLeveldb', channel);
}

export async function readEmbeddedState(stateDir: string): Promise<StateSnapshot> {
  // Opening creates a missing database: look first, so a scan never writes into the evidence.
  if (!(await fs.stat(path.join(stateDir, 'CURRENT')).catch(() => undefined))) throw new StateReadError(`no state database at ${stateDir}`);
  let db: LedgerLevel;
  try {
    db = await openLedgerLevel(stateDir);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const locked = cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String((error as Error).message) + String((cause as Error | undefined)?.message));
    throw new StateReadError(locked ? `the state database ${stateDir} is in use: stop the network or scan a copy of its data directory` : `cannot open the state database ${stateDir}: ${(error as Error).message}`);
  }
  try {
    let savepoint: Version | undefined;
    const publicState = new Map<string, ReplayedValue>();
    const hashedState = new Map<string, ReplayedValue>();
    for await (const [key, value] of db.iterator({ lt: Buffer.from([HASHED_PREFIX + 1]) })) {
      if (key[0] === SAVEPOINT_PREFIX) savepoint = decodeVersion(value);
      else if (key[0] === PUBLIC_PREFIX) {
        const namespace = readLengthPrefixed(key, 1);
        publicState.set(publicId(namespace.value.toString('utf8'), key.subarray(namespace.next).toString('utf8')), toReplayed(value));
      } else if (key[0] === HASHED_PREFIX) {
        const namespace = readLengthPrefixed(key, 1);
        const collection = readLengthPrefixed(key, namespace.next);
        hashedState.set(hashedId(namespace.value.toString('utf8'), collection.value.toString('utf8'), key.subarray(collection.next)), toReplayed(value));
      }
    }
    return { savepoint, publicState, hashedState };
  } finally {
    await db.close();
  }
}
