import type { LedgerContext } from '../lib/context';
import { keySpecsOf, type KeySpec } from './trail-keys';
import type { EntityKind, KeyHistoryResult, KeyRole, TrailKey, TrailModification } from './trail-types';

/** Keys one query returns at most; a busy device (one nonce key per request) can exceed it. */
export const MAX_TRAIL_KEYS = 2000;

interface FoundKey {
  readonly key: string;
  readonly role: KeyRole;
}

/** `\0type\0a\0b\0` → `type/a/b`; a plain key stays as it is. */
export function displayKey(ctx: LedgerContext, key: string): string {
  if (!key.startsWith('\u0000')) return key;
  const { objectType, attributes } = ctx.stub.splitCompositeKey(key);
  return [objectType, ...attributes].join('/');
}

async function keysOf(ctx: LedgerContext, spec: KeySpec): Promise<FoundKey[]> {
  if (spec.match === 'exact') return [{ key: ctx.stub.createCompositeKey(spec.objectType, [...spec.parts]), role: spec.role }];
  const found: FoundKey[] = [];
  const iterator = await ctx.stub.getStateByPartialCompositeKey(spec.objectType, [...spec.parts]);
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const key = next.value.key;
      found.push({ key, role: spec.role });
      if (spec.linked) {
        const { attributes } = ctx.stub.splitCompositeKey(key);
        found.push({ key: ctx.stub.createCompositeKey(spec.linked.objectType, [...spec.linked.parts(attributes)]), role: 'related' });
      }
    }
  } finally {
    await iterator.close();
  }
  return found;
}

/** Every committed modification of a key, oldest first (Fabric returns newest first). */
async function modificationsOf(ctx: LedgerContext, key: string): Promise<TrailModification[]> {
  const modifications: TrailModification[] = [];
  const iterator = await ctx.stub.getHistoryForKey(key);
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const entry = next.value;
      const seconds = Number(entry.timestamp.seconds.toString());
      modifications.push({
        txId: entry.txId,
        timestampMs: seconds * 1000 + Math.trunc(entry.timestamp.nanos / 1_000_000),
        isDelete: entry.isDelete,
        valueBase64: entry.isDelete ? '' : Buffer.from(entry.value).toString('base64'),
      });
    }
  } finally {
    await iterator.close();
  }
  return modifications.reverse();
}

/** The history of every key of an entity; keys never written are left out. */
export async function entityKeyHistory(ctx: LedgerContext, kind: EntityKind, id: string): Promise<KeyHistoryResult> {
  const seen = new Set<string>();
  const keys: TrailKey[] = [];
  let truncated = false;
  for (const spec of keySpecsOf(kind, id)) {
    for (const found of await keysOf(ctx, spec)) {
      if (seen.has(found.key)) continue;
      if (seen.size >= MAX_TRAIL_KEYS) {
        truncated = true;
        break;
      }
      seen.add(found.key);
      const modifications = await modificationsOf(ctx, found.key);
      if (modifications.length > 0) keys.push({ key: found.key, display: displayKey(ctx, found.key), role: found.role, modifications });
    }
  }
  return { kind, id, keys, truncated };
}
