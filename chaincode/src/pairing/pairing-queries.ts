import { getAddress } from 'ethers';
import type { LedgerContext } from '../lib/context';
import { invalidArgument } from '../lib/errors';
import { validate } from '../lib/validate';
import { readConfig } from './pairing-config';
import { activeOwnerOf, pairingsOfDevice, pairingsOfVehicle } from './pairing-lookup';
import type { AttemptRecord, MismatchRecord, PairingRecord, PairingStatus, SecondaryRequestRecord } from './pairing-record-types';
import { effectiveStatus } from './pairing-status';
import { attempts, attemptsByVin, mismatches, mismatchesByVin, pairings, requests, requestsByApprover, requestsByVin, vehicles } from './pairing-store';
import { Hex64, Vin } from './pairing-types';

/** A pairing as read at the query's time: expiry applies even before it is written down. */
export type PairingView = PairingRecord & { effectiveStatus: PairingStatus };

export function view(pairing: PairingRecord, nowMs: number): PairingView {
  return { ...pairing, effectiveStatus: effectiveStatus(pairing, nowMs) };
}

export function checkedAddress(address: string, field: string): string {
  try {
    return getAddress(address);
  } catch {
    throw invalidArgument(field, 'must be a 0x-prefixed 20-byte hex address');
  }
}

export async function getPairing(ctx: LedgerContext, pairingId: string): Promise<PairingView> {
  validate(Hex64, pairingId, 'pairingId');
  return view(await pairings.require(ctx, [pairingId]), ctx.nowMs);
}

export async function vehiclePairings(ctx: LedgerContext, vin: string): Promise<PairingView[]> {
  validate(Vin, vin, 'vin');
  return (await pairingsOfVehicle(ctx, vin)).map((pairing) => view(pairing, ctx.nowMs));
}

export async function devicePairings(ctx: LedgerContext, address: string): Promise<PairingView[]> {
  return (await pairingsOfDevice(ctx, checkedAddress(address, 'device'))).map((pairing) => view(pairing, ctx.nowMs));
}

/**
 * What waits for an owner: pending requests for the vehicles this phone owns, and its own
 * approvals that wait for it to pre-pair as owner.
 */
export async function pendingRequestsForOwner(
  ctx: LedgerContext,
  address: string,
): Promise<{ pending: SecondaryRequestRecord[]; awaitingOwnerPrePairing: SecondaryRequestRecord[] }> {
  const owner = checkedAddress(address, 'owner');
  const pending: SecondaryRequestRecord[] = [];
  for (const pairing of await pairingsOfDevice(ctx, owner)) {
    if (pairing.role !== 'owner') continue;
    const current = await activeOwnerOf(ctx, await vehicles.get(ctx, [pairing.vin]));
    if (current?.pairing.pairingId !== pairing.pairingId) continue;
    for (const [, requestId] of await requestsByVin.list(ctx, [pairing.vin])) {
      const request = await requests.require(ctx, [requestId ?? '']);
      if (request.status === 'pending' && request.expiresAtMs > ctx.nowMs) pending.push(request);
    }
  }
  const awaitingOwnerPrePairing: SecondaryRequestRecord[] = [];
  for (const [, requestId] of await requestsByApprover.list(ctx, [owner])) {
    const request = await requests.require(ctx, [requestId ?? '']);
    if (request.status === 'awaiting-owner-pre-pairing') awaitingOwnerPrePairing.push(request);
  }
  return { pending, awaitingOwnerPrePairing };
}

export async function pairingHistory(ctx: LedgerContext, pairingId: string) {
  validate(Hex64, pairingId, 'pairingId');
  await pairings.require(ctx, [pairingId]);
  return pairings.history(ctx, [pairingId]);
}

export async function vehicleAttempts(ctx: LedgerContext, vin: string): Promise<AttemptRecord[]> {
  validate(Vin, vin, 'vin');
  const entries = await attemptsByVin.list(ctx, [vin]);
  return Promise.all(entries.map(([, , attemptId]) => attempts.require(ctx, [attemptId ?? ''])));
}

export async function vehicleMismatches(ctx: LedgerContext, vin: string): Promise<MismatchRecord[]> {
  validate(Vin, vin, 'vin');
  const entries = await mismatchesByVin.list(ctx, [vin]);
  return Promise.all(entries.map(([, , mismatchId]) => mismatches.require(ctx, [mismatchId ?? ''])));
}

/** Anyone may check a pairing identifier against the ledger (paragraph 61), without writing. */
export async function checkPairingId(
  ctx: LedgerContext,
  vin: string,
  device: string,
  pairingId: string,
): Promise<{ matches: boolean; status?: PairingStatus }> {
  validate(Vin, vin, 'vin');
  validate(Hex64, pairingId, 'pairingId');
  const sender = checkedAddress(device, 'device');
  const pairing = await pairings.get(ctx, [pairingId]);
  if (!pairing || pairing.vin !== vin || pairing.device !== sender) return { matches: false };
  const status = effectiveStatus(pairing, ctx.nowMs);
  return { matches: status === 'pre-paired' || status === 'paired', status };
}

export { readConfig };
