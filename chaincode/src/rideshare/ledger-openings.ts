import type { LedgerContext } from '../lib/context';
import { unauthenticated } from '../lib/errors';
import { keyPartCommitment, openingCommitment, pinSaltOpening } from './ride-hashes';
import type { RideRecord, RideRequestRecord, RideResponseRecord } from './ride-record-types';
import { readCommittedJson, readTransientJson, readTransientText } from './rideshare-transient';
import { LedgerView, RequestDetails, Salt, type KeyParts } from './rideshare-types';

/**
 * The ledger side's private values, supplied by the operator's gateway in transient data for the
 * transactions that need them (reconciliation, pickup). The gateway reads them from operatorPrivate
 * with ReadPrivateItem on its own peer; the chaincode checks each against the ride's public
 * commitments, so every endorser, member of the collection or not, computes the same result.
 */
function checkKey(parts: KeyParts, record: RideRequestRecord | RideResponseRecord, field: string): void {
  if (keyPartCommitment(parts.first) !== record.firstPartCommitment) {
    throw unauthenticated(`${field}.first`, 'does not match the ride’s first key part commitment');
  }
  if (keyPartCommitment(parts.second) !== record.secondPartCommitment) {
    throw unauthenticated(`${field}.second`, 'does not match the ride’s second key part commitment');
  }
}

export function readLedgerView(ctx: LedgerContext, ride: RideRecord & { response: RideResponseRecord }): LedgerView {
  const view = readTransientJson(ctx, 'ledgerView', LedgerView, 'the ledger side’s openings of this ride, from operatorPrivate');
  if (openingCommitment(view.request) !== ride.request.detailsCommitment) {
    throw unauthenticated('transient.ledgerView.request', 'does not match the ride’s request details commitment');
  }
  if (openingCommitment(view.response) !== ride.response.detailsCommitment) {
    throw unauthenticated('transient.ledgerView.response', 'does not match the ride’s response details commitment');
  }
  checkKey(view.requestKey, ride.request, 'transient.ledgerView.requestKey');
  checkKey(view.responseKey, ride.response, 'transient.ledgerView.responseKey');
  return view;
}

export function readRequestDetails(ctx: LedgerContext, ride: RideRecord): RequestDetails {
  return readCommittedJson(ctx, 'rideRequest', RequestDetails, ride.request.detailsCommitment, 'the ride request');
}

export function readPinSalt(ctx: LedgerContext, ride: RideRecord): string {
  const salt = readTransientText(ctx, 'pinSalt', Salt, 'the rider’s PIN salt, from operatorPrivate');
  if (openingCommitment(pinSaltOpening(salt)) !== ride.request.pinSaltCommitment) {
    throw unauthenticated('transient.pinSalt', 'does not match the ride’s PIN salt commitment');
  }
  return salt;
}
