import type { Static, TSchema } from '@sinclair/typebox';
import type { LedgerContext } from './context';
import { invalidArgument } from './errors';
import { validate } from './validate';

/** Transient data never reaches the ledger: personal data and secrets travel this way. */
export function transientBytes(ctx: LedgerContext, key: string): Uint8Array | undefined {
  const bytes = ctx.stub.getTransient().get(key);
  return bytes && bytes.length > 0 ? bytes : undefined;
}

export function hasTransient(ctx: LedgerContext, key: string): boolean {
  return transientBytes(ctx, key) !== undefined;
}

/** Parses and validates a JSON value passed in the transient map; errors name `transient.<key>`. */
export function readTransientJson<S extends TSchema>(ctx: LedgerContext, key: string, schema: S, purpose: string): Static<S> {
  const bytes = transientBytes(ctx, key);
  if (!bytes) throw invalidArgument(`transient.${key}`, `is required: ${purpose}`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw invalidArgument(`transient.${key}`, 'must be valid JSON');
  }
  return validate(schema, value, `transient.${key}`);
}
