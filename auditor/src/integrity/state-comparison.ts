/** Compares a replayed world state with the state a peer stored: values, versions and metadata. */
import type { Metadata, ReplayedValue } from './replayed-state';

export interface StateDifference {
  /** `namespace/key` (hashed keys: `namespace/collection/#hash`). */
  readonly key: string;
  readonly problem: string;
}

function sameMetadata(a: Metadata | undefined, b: Metadata | undefined): boolean {
  const left = a ?? new Map<string, Buffer>();
  const right = b ?? new Map<string, Buffer>();
  if (left.size !== right.size) return false;
  for (const [name, value] of left) if (!right.get(name)?.equals(value)) return false;
  return true;
}

function displayId(id: string, hashed: boolean): string {
  const parts = id.split('\u0000');
  if (hashed) return `${parts[0]}/${parts[1]}/#${(parts[2] ?? '').slice(0, 16)}`;
  const [namespace, ...rest] = parts;
  const key = rest.join('\u0000');
  return `${namespace}/${key.startsWith('\u0000') ? key.split('\u0000').filter(Boolean).join('/') : key}`;
}

function version(value: ReplayedValue): string {
  return `${value.version.blockNum}:${value.version.txNum}`;
}

/** Differences in key order; an empty list means the stored state is exactly the replay. */
export function compareStates(replayed: ReadonlyMap<string, ReplayedValue>, stored: ReadonlyMap<string, ReplayedValue>, hashed: boolean): StateDifference[] {
  const differences: StateDifference[] = [];
  const ids = [...new Set([...replayed.keys(), ...stored.keys()])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const id of ids) {
    const expected = replayed.get(id);
    const actual = stored.get(id);
    const key = displayId(id, hashed);
    if (!actual) differences.push({ key, problem: `missing from the state database (replay: written at ${version(expected as ReplayedValue)})` });
    else if (!expected) differences.push({ key, problem: `in the state database (version ${version(actual)}) but no valid transaction wrote it` });
    else if (!expected.value.equals(actual.value)) differences.push({ key, problem: `value differs from the one written at ${version(expected)}` });
    else if (version(expected) !== version(actual)) differences.push({ key, problem: `version ${version(actual)} in the state database, ${version(expected)} by replay` });
    else if (!sameMetadata(expected.metadata, actual.metadata)) differences.push({ key, problem: 'metadata (key-level endorsement policy) differs from the replay' });
  }
  return differences;
}
