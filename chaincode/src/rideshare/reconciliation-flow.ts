import type { LedgerContext } from '../lib/context';
import { failedPrecondition, permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { verifyDeviceRequestArgument } from '../devices/device-registry';
import { readLedgerView } from './ledger-openings';
import { assessHash, isMatch, nextPartyState, type HashOutcome } from './reconciliation-rule';
import { firstHash, secondHash } from './ride-hashes';
import { noticeStatus, OPERATOR, rideRecipients } from './ride-notices';
import type { AccountRole, PartyReconciliation, RideRecord, RideResponseRecord } from './ride-record-types';
import type { RideAction } from './ride-status';
import { changeRide, requireAllowed, requireRide } from './ride-writes';
import { readCommittedJson } from './rideshare-transient';
import { PartyView, RideHashesPayload, type LedgerView } from './rideshare-types';

interface Outcomes {
  readonly requestOutcome: HashOutcome;
  readonly responseOutcome: HashOutcome;
}

/** Compares a party's two hashes with the ledger's first and second hash (steps 610-616). */
function assess(ride: RideRecord & { response: RideResponseRecord }, ledger: LedgerView, view: PartyView, payload: RideHashesPayload): Outcomes {
  const cell = ride.rules.locationCellE6;
  const toleranceMm = ride.rules.locationToleranceMm;
  const requestOutcome = assessHash({
    ledgerHash: ride.request.firstHash,
    submittedHash: payload.requestHash,
    ledgerLocation: ledger.request.pickup,
    partyLocation: view.requestLocation,
    toleranceMm,
    recomputeWith: (pickup) =>
      firstHash({ requestedAtMs: ride.request.requestedAtMs, details: { ...ledger.request, pickup }, key: ledger.requestKey }, cell),
  });
  const responseOutcome = assessHash({
    ledgerHash: ride.response.secondHash,
    submittedHash: payload.responseHash,
    ledgerLocation: ledger.response.location,
    partyLocation: view.responseLocation,
    toleranceMm,
    recomputeWith: (location) =>
      secondHash(
        { firstHash: ride.request.firstHash, respondedAtMs: ride.response.respondedAtMs, details: { ...ledger.response, location }, key: ledger.responseKey },
        cell,
      ),
  });
  return { requestOutcome, responseOutcome };
}

function actionFor(party: PartyReconciliation, other: PartyReconciliation): RideAction {
  if (party.state === 'failed') return 'reconcile-fail';
  return party.state === 'matched' && other.state === 'matched' ? 'reconcile-complete' : 'reconcile-progress';
}

/**
 * Hash reconciliation (FIG. 6). The rider or the driver submits its own ride request hash and ride
 * response hash. Transient: `partyView` (the raw locations the party hashed, committed in the signed
 * payload) and `ledgerView` (the ledger side's openings, from the operator's gateway). A mismatch
 * asks the party for an updated location once; a second mismatch disputes the ride. Both are
 * recorded outcomes of a successful transaction, not errors.
 */
export async function submitRideHashes(ctx: LedgerContext, requestJson: string): Promise<RideRecord> {
  const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
    action: 'rideshare.submitHashes',
    payload: RideHashesPayload,
    deviceTypes: ['rider-phone', 'driver-phone'],
  });
  const ride = await requireRide(ctx, payload.rideId, 'request.payload.rideId');
  requireAllowed(ride, 'reconcile-progress');
  const response = ride.response;
  if (!response) throw failedPrecondition('ride.response', 'the ride has no response yet');
  const role: AccountRole | undefined =
    device.type === 'rider-phone' && device.address === ride.rider ? 'rider' : device.type === 'driver-phone' && device.address === response.driver ? 'driver' : undefined;
  if (!role) throw permissionDenied('request.device', 'is neither the rider nor the driver of this ride');
  const current = ride.reconciliation[role];
  if (current.state === 'matched') throw failedPrecondition('reconciliation', `the ${role}'s hashes already matched`);

  const view = readCommittedJson(ctx, 'partyView', PartyView, payload.viewCommitment, `the ${role} (request.payload.viewCommitment)`);
  const withResponse = { ...ride, response };
  const ledger = readLedgerView(ctx, withResponse);
  const outcomes = assess(withResponse, ledger, view, payload);
  const state = nextPartyState(current.state, isMatch(outcomes.requestOutcome) && isMatch(outcomes.responseOutcome));
  const party: PartyReconciliation = {
    state,
    submissions: current.submissions + 1,
    last: { requestHash: payload.requestHash, responseHash: payload.responseHash, ...outcomes, atMs: ctx.nowMs, txId: ctx.txId },
  };
  const reconciliation = role === 'rider' ? { ...ride.reconciliation, rider: party } : { ...ride.reconciliation, driver: party };
  const action = actionFor(party, role === 'rider' ? reconciliation.driver : reconciliation.rider);
  const failure =
    state === 'failed'
      ? { code: 'reconciliation-failed' as const, party: role, detail: describe(outcomes, 'after an updated location'), atMs: ctx.nowMs, txId: ctx.txId }
      : undefined;
  const updated = await changeRide(ctx, ride, action, device.address, failure ? { reconciliation, failure } : { reconciliation });
  notify(ctx, updated, role, device.address, state, outcomes);
  return updated;
}

function describe(outcomes: Outcomes, suffix: string): string {
  return `request hash ${outcomes.requestOutcome}, response hash ${outcomes.responseOutcome} ${suffix}`;
}

function notify(
  ctx: LedgerContext,
  ride: RideRecord,
  role: AccountRole,
  device: string,
  state: PartyReconciliation['state'],
  outcomes: Outcomes,
): void {
  const data = { rideId: ride.rideId, party: role, ...outcomes };
  if (state === 'failed') {
    noticeStatus(ctx, 'rideshare.ReconciliationFailed', ride, { party: role, ...outcomes });
    return;
  }
  if (state === 'update-requested') {
    // Paragraphs 66-69: ask this party once for an updated location, then compare again.
    ctx.events.emit('rideshare.LocationUpdateRequested', [toDevice(device), OPERATOR], {
      ...data,
      locations: [isMatch(outcomes.requestOutcome) ? undefined : 'request', isMatch(outcomes.responseOutcome) ? undefined : 'response'].filter(
        (name): name is string => name !== undefined,
      ),
    });
    return;
  }
  ctx.events.emit('rideshare.HashesMatched', [toDevice(device), OPERATOR], data);
  if (ride.status === 'accepted') ctx.events.emit('rideshare.RideAccepted', rideRecipients(ride), { rideId: ride.rideId, vin: ride.response?.vin ?? null });
}
