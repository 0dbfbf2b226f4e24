import type { Static, TSchema } from '@sinclair/typebox';
import type { LedgerContext } from '../lib/context';
import { invalidArgument, unauthenticated } from '../lib/errors';
import { hasTransient, readTransientJson, transientBytes } from '../lib/transient';
import { validate } from '../lib/validate';

export { hasTransient, readTransientJson };
import { keyPartCommitment, openingCommitment } from './ride-hashes';
import { KeyPart } from './rideshare-types';

/**
 * Transient data: secrets and personal data reach the chaincode here and never as arguments (which
 * are stored in the block). Each value is checked against a commitment someone signed or the
 * ledger recorded, so the gateway that relays it cannot substitute another.
 */

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
