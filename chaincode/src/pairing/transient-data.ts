import type { Static, TSchema } from '@sinclair/typebox';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument, unauthenticated } from '../lib/errors';
import { readTransientJson, transientBytes } from '../lib/transient';

export { readTransientJson };
import { commitmentOf } from './ownership';
import { holdsOpening } from './pairing-store';


/**
 * Reads an opening `{salt, data}` from the transient map and checks it against the commitment the
 * device signed: the signature covers the commitment, so this is what authenticates the private data.
 */
export function readCommittedOpening<S extends TSchema>(
  ctx: LedgerContext,
  key: string,
  schema: S,
  commitment: string,
  signedBy: string,
): Static<S> {
  const opening = readTransientJson(ctx, key, schema, `the data committed to by ${signedBy}`);
  if (commitmentOf(opening) !== commitment) {
    throw unauthenticated(`transient.${key}`, `does not match the commitment signed by ${signedBy}`);
  }
  return opening;
}

/**
 * Reads an opening stored by an earlier transaction. A write transaction never reads private data by
 * value: a peer of an org outside `oemPrivate` holds only hashes, and the two orgs' endorsements must
 * be identical. So the client sends the opening again; it must hash to the public commitment, and
 * `oemPrivate` must still hold it (its private-data hash, known to every peer, equals the commitment).
 */
export async function readStoredOpening<S extends TSchema>(
  ctx: LedgerContext,
  key: string,
  schema: S,
  commitment: string,
  commitmentField: string,
): Promise<Static<S>> {
  const opening = readTransientJson(ctx, key, schema, `the private data committed to by ${commitmentField}`);
  if (commitmentOf(opening) !== commitment) {
    throw unauthenticated(`transient.${key}`, `does not match the stored commitment ${commitmentField}`);
  }
  if (!(await holdsOpening(ctx, commitment))) {
    throw failedPrecondition(commitmentField, 'its private data is no longer in oemPrivate');
  }
  return opening;
}

/** Personal data nobody signed a commitment to is refused rather than silently stored or ignored. */
export function refuseUncommittedTransient(ctx: LedgerContext, key: string): void {
  if (transientBytes(ctx, key)) {
    throw invalidArgument(`transient.${key}`, 'was sent but no signed commitment covers it');
  }
}
