import type { Static, TSchema } from '@sinclair/typebox';
import type { LedgerContext } from '../lib/context';
import { invalidArgument, unauthenticated } from '../lib/errors';
import { validate } from '../lib/validate';
import { keyPartCommitment, openingCommitment } from './ride-hashes';
import { KeyPart } from './rideshare-types';

/**
 * Transient data: secrets and personal data reach the chaincode here and never as arguments (which
 * are stored in the block). Each value is checked against a commitment someone signed or the
 * ledger recorded, so the gateway that relays it cannot substitute another.
 */
function transientBytes(ctx: LedgerContext, key: string): Uint8Array | undefined {
  const bytes = ctx.stub.getTransient().get(key);
  return bytes && bytes.length > 0 ? bytes : undefined;
}

export function hasTransient(ctx: LedgerContext, key: string): boolean {
  return transientBytes(ctx, key) !== undefined;
}

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

/** An opening whose commitment was signed by a device or recorded on the ride. */
export function readCommittedJson<S extends TSchema>(
  ctx: LedgerContext,
  key: string,
  schema: S,
  commitment: string,
  committedBy: string,
): Static<S> {
  const opening = readTransientJson(ctx, key, schema, `the opening of the commitment of ${committedBy}`);
  if (openingCommitment(opening) !== commitment) {
    throw unauthenticated(`transient.${key}`, `does not match the commitment of ${committedBy}`);
  }
  return opening;
}

/** A plain-text transient value (hex secrets), validated against a string schema. */
export function readTransientText<S extends TSchema>(ctx: LedgerContext, key: string, schema: S, purpose: string): Static<S> {
  const bytes = transientBytes(ctx, key);
  if (!bytes) throw invalidArgument(`transient.${key}`, `is required: ${purpose}`);
  return validate(schema, Buffer.from(bytes).toString('utf8'), `transient.${key}`);
}

/** A key part as lowercase hex text. Without `commitment` the caller records its commitment. */
export function readKeyPart(ctx: LedgerContext, key: string, purpose: string, commitment?: string): string {
  const part = readTransientText(ctx, key, KeyPart, purpose);
  if (commitment !== undefined && keyPartCommitment(part) !== commitment) {
    throw unauthenticated(`transient.${key}`, 'does not match the signed key part commitment');
  }
  return part;
}

/** Data nobody committed to is refused rather than silently ignored. */
export function refuseTransient(ctx: LedgerContext, key: string, why: string): void {
  if (transientBytes(ctx, key)) throw invalidArgument(`transient.${key}`, why);
}
