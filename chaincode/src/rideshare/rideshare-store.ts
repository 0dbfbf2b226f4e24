import { ORG_MSP } from '../lib/access';
import { canonicalJsonBytes } from '../lib/canonical-json';
import type { LedgerContext } from '../lib/context';
import { requireOrgEndorsement } from '../lib/key-endorsement';
import { alreadyExists } from '../lib/errors';
import { sha256Hex } from '../lib/hash';
import { CompositeIndex, RecordStore } from '../lib/state';
import { AccountRecord, RideRecord, StoredConfig, TermsRecord, VehicleLinkRecord } from './ride-record-types';
import type { PrivateItem } from './rideshare-types';

/** Public state of the ride-share contract. */
export const rides = new RecordStore('rideshare-ride', RideRecord, 'ride');
export const accounts = new RecordStore('rideshare-account', AccountRecord, 'account');
/** [zero-padded version] */
export const termsVersions = new RecordStore('rideshare-terms', TermsRecord, 'terms');
/** ['current']: its key history is the publication history. */
export const currentTerms = new RecordStore('rideshare-terms-current', TermsRecord, 'terms');
export const configStore = new RecordStore('rideshare-config', StoredConfig, 'config');
/** [driver, vehicleDevice] */
export const vehicleLinks = new RecordStore('rideshare-vehicle-link', VehicleLinkRecord, 'vehicle link');

/** [party address, rideId]: rides a rider or driver took part in. */
export const ridesByParty = new CompositeIndex('rideshare-ride~party');
/** [commitment]: every key part commitment ever used, so a key part (and its request) cannot be replayed. */
const usedKeyParts = new CompositeIndex('rideshare-keypart~used');

export const CURRENT = ['current'] as const;

export function termsVersionKey(version: number): string {
  return version.toString().padStart(10, '0');
}

/** Terms and configuration are the operator's: later changes validate only with an operator peer's endorsement. */
export async function requireOperatorEndorsement(ctx: LedgerContext, key: string): Promise<void> {
  await requireOrgEndorsement(ctx, key, ORG_MSP.operator);
}

export async function claimKeyPart(ctx: LedgerContext, commitment: string, field: string): Promise<void> {
  if (await usedKeyParts.has(ctx, [commitment])) {
    throw alreadyExists(field, 'this key part was already used (replayed request); every ride needs fresh key parts');
  }
  await usedKeyParts.add(ctx, [commitment]);
}

// ---- operatorPrivate ----------------------------------------------------------------------------

/** The operator's private data collection: only MobilityMSP peers store it, only its clients read it. */
export const OPERATOR_PRIVATE_COLLECTION = 'operatorPrivate';
const PRIVATE_ITEM = 'rideshare-private';


export function privateItemKey(ctx: LedgerContext, rideId: string, item: PrivateItem): string {
  return ctx.stub.createCompositeKey(PRIVATE_ITEM, [rideId, item]);
}

/**
 * Stores an opening byte for byte as committed, so Fabric's private-data hash of the key equals the
 * public commitment (auditors can check it with GetPrivateDataHash). Writing private data is the same
 * on every endorser; the contract never READS operatorPrivate in a transaction, because peers of
 * other orgs do not hold it and would endorse different results.
 */
export async function storePrivateItem(ctx: LedgerContext, rideId: string, item: PrivateItem, opening: unknown): Promise<string> {
  const bytes = canonicalJsonBytes(opening);
  await ctx.stub.putPrivateData(OPERATOR_PRIVATE_COLLECTION, privateItemKey(ctx, rideId, item), bytes);
  return sha256Hex(bytes);
}

/** For the operator's own queries (evaluated on its own peer), never for endorsed decisions. */
export async function readPrivateItem(ctx: LedgerContext, rideId: string, item: PrivateItem): Promise<Uint8Array | undefined> {
  const bytes = await ctx.stub.getPrivateData(OPERATOR_PRIVATE_COLLECTION, privateItemKey(ctx, rideId, item));
  return bytes && bytes.length > 0 ? bytes : undefined;
}
