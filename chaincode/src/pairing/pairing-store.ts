import type { Static, TSchema } from '@sinclair/typebox';
import { ORG_MSP } from '../lib/access';
import { canonicalJsonBytes } from '../lib/canonical-json';
import type { LedgerContext } from '../lib/context';
import { createEndorsedBy, requireOrgEndorsement } from '../lib/key-endorsement';
import { CompositeIndex, RecordStore } from '../lib/state';
import {
  AttemptRecord,
  InvitationRecord,
  MismatchRecord,
  PairingRecord,
  SecondaryRequestRecord,
  TransferRecord,
  VehicleRecord,
} from './pairing-record-types';

/** Public state of the pairing contract: records under composite keys, and empty-valued indexes. */
export const pairings = new RecordStore('pairing', PairingRecord, 'pairing');
export const vehicles = new RecordStore('pairing-vehicle', VehicleRecord, 'vehicle');
export const attempts = new RecordStore('pairing-attempt', AttemptRecord, 'attempt');
export const mismatches = new RecordStore('pairing-mismatch', MismatchRecord, 'mismatch');
export const requests = new RecordStore('pairing-request', SecondaryRequestRecord, 'request');
export const invitations = new RecordStore('pairing-invitation', InvitationRecord, 'invitation');
export const transfers = new RecordStore('pairing-transfer', TransferRecord, 'transfer');

/** [vin, pairingId] */
export const pairingsByVin = new CompositeIndex('pairing~vin');
/** [device, pairingId] */
export const pairingsByDevice = new CompositeIndex('pairing~device');
/** [vin, sortableTime(atMs), attemptId]: chronological per vehicle. */
export const attemptsByVin = new CompositeIndex('pairing-attempt~vin');
/** [vin, sortableTime(atMs), mismatchId]: chronological per vehicle. */
export const mismatchesByVin = new CompositeIndex('pairing-mismatch~vin');
/** [vin, requestId] */
export const requestsByVin = new CompositeIndex('pairing-request~vin');
/** [approver, requestId]: approvals waiting for the approver to pre-pair as owner. */
export const requestsByApprover = new CompositeIndex('pairing-request~approver');
/** [vin, invitationId] */
export const invitationsByVin = new CompositeIndex('pairing-invitation~vin');
/** [vin, transferId] */
export const transfersByVin = new CompositeIndex('pairing-transfer~vin');

/** The automaker's private data collection; only OemMSP peers store it. */
export const OEM_PRIVATE_COLLECTION = 'oemPrivate';
const PRIVATE_OPENING = 'pairing-opening';

/**
 * Key-level endorsement: whatever the chaincode-level policy is, a change to this key validates only
 * with an endorsement by an automaker peer.
 */
export async function requireAutomakerEndorsement(ctx: LedgerContext, key: string): Promise<void> {
  await requireOrgEndorsement(ctx, key, ORG_MSP.automaker);
}

/** Creates a record and puts it under the automaker's key-level endorsement policy. */
export async function createEndorsed<S extends TSchema>(
  ctx: LedgerContext,
  store: RecordStore<S>,
  keyParts: readonly string[],
  record: Static<S>,
): Promise<void> {
  await createEndorsedBy(ctx, store, keyParts, record, ORG_MSP.automaker);
}

export function openingKey(ctx: LedgerContext, commitment: string): string {
  return ctx.stub.createCompositeKey(PRIVATE_OPENING, [commitment]);
}

/**
 * Stores an opening byte for byte as committed: Fabric's private-data hash of the key then equals the
 * commitment on the public record, which an auditor can check with GetPrivateDataHash.
 */
export async function storeOpening(ctx: LedgerContext, commitment: string, opening: unknown): Promise<void> {
  await ctx.stub.putPrivateData(OEM_PRIVATE_COLLECTION, openingKey(ctx, commitment), canonicalJsonBytes(opening));
}

/**
 * Whether `oemPrivate` holds the opening of `commitment`, judged by Fabric's private-data hash, which
 * peers of every org keep: write transactions use this, never the value (see `queryOpening`).
 */
export async function holdsOpening(ctx: LedgerContext, commitment: string): Promise<boolean> {
  const hash = await ctx.stub.getPrivateDataHash(OEM_PRIVATE_COLLECTION, openingKey(ctx, commitment));
  return Buffer.from(hash ?? []).toString('hex') === commitment;
}

/**
 * The stored opening's bytes. QUERIES ONLY: a peer of an org outside `oemPrivate` has no values, so a
 * write transaction reading one would simulate differently there, and the two orgs' endorsements
 * the chaincode-level policy needs would not match.
 */
export async function queryOpening(ctx: LedgerContext, commitment: string): Promise<Uint8Array | undefined> {
  const bytes = await ctx.stub.getPrivateData(OEM_PRIVATE_COLLECTION, openingKey(ctx, commitment));
  return bytes && bytes.length > 0 ? bytes : undefined;
}

/** Fixed-width decimal milliseconds, so index keys sort in time order. */
export function sortableTime(ms: number): string {
  return String(ms).padStart(16, '0');
}
