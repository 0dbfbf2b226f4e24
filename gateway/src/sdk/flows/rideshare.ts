import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import type { GeoPoint } from '@mobility-ledger/chaincode/dist/lib/geo';
import { firstHash, keyHash, keyPartCommitment, openingCommitment, secondHash } from '@mobility-ledger/chaincode/dist/rideshare/ride-hashes';
import type { RequestDetails, ResponseDetails } from '@mobility-ledger/chaincode/dist/rideshare/rideshare-types';
import { newSalt, newSecret } from '../commitments';
import type { SignsRequests } from './pairing';

/**
 * Ride-share bodies (chaincode/src/rideshare/README.md) and the device side of the split-key
 * protocol: the device generates its key part and details, the operator's gateway adds the ledger
 * side, and what the ledger delivers by notice the device checks against the commitments it got.
 */
export { firstHash, keyHash, keyPartCommitment, openingCommitment, secondHash };

export interface RideRequestDraft {
  readonly requestedAtMs: number;
  readonly details: RequestDetails;
  /** The rider's first part of the ride request key: never leaves the rider except as transient data. */
  readonly riderKeyPart: string;
}

/** A new ride request: fresh salt and key part; parameters (photo features, luggage) hashed on the device. */
export function draftRideRequest(input: { pickup: GeoPoint; destination: GeoPoint; riderParametersHash?: string; requestedAtMs?: number }): RideRequestDraft {
  return {
    requestedAtMs: input.requestedAtMs ?? Date.now(),
    details: { salt: newSalt(), pickup: input.pickup, destination: input.destination, riderParametersHash: input.riderParametersHash ?? newSecret() },
    riderKeyPart: newSecret(),
  };
}

/** The `rideshare.requestRide` body; the gateway adds the ledger's key part. */
export async function requestRideBody(rider: SignsRequests, draft: RideRequestDraft) {
  const request = await rider.sign('rideshare.requestRide', {
    requestedAtMs: draft.requestedAtMs,
    detailsCommitment: openingCommitment(draft.details),
    keyPartCommitment: keyPartCommitment(draft.riderKeyPart),
  });
  return { ...request, transient: { rideRequest: draft.details, riderKeyPart: draft.riderKeyPart } };
}

export interface RideResponseDraft {
  readonly respondedAtMs: number;
  readonly details: ResponseDetails;
  readonly driverKeyPart: string;
}

export function draftRideResponse(input: { location: GeoPoint; driverParametersHash?: string; vehicleParametersHash?: string; respondedAtMs?: number }): RideResponseDraft {
  return {
    respondedAtMs: input.respondedAtMs ?? Date.now(),
    details: { salt: newSalt(), location: input.location, driverParametersHash: input.driverParametersHash ?? newSecret(), vehicleParametersHash: input.vehicleParametersHash ?? newSecret() },
    driverKeyPart: newSecret(),
  };
}

/** The `rideshare.respondToRide` body accepting a ride, naming the linked component that will verify the pickup. */
export async function acceptRideBody(driver: SignsRequests, rideId: string, vehicleDevice: string, draft: RideResponseDraft) {
  const request = await driver.sign('rideshare.respond', {
    rideId,
    decision: 'accept' as const,
    respondedAtMs: draft.respondedAtMs,
    vehicleDevice,
    detailsCommitment: openingCommitment(draft.details),
    keyPartCommitment: keyPartCommitment(draft.driverKeyPart),
  });
  return { ...request, transient: { rideResponse: draft.details, driverKeyPart: draft.driverKeyPart } };
}

/** The `rideshare.verifyPickup` body from the ride's vehicle: verdicts only, the position as a transient opening. */
export async function pickupBody(
  vehicle: SignsRequests,
  input: { rideId: string; position: GeoPoint; face: { score: number; modelId: string }; voice: { score: number; modelId: string }; pin?: string },
) {
  const observation = { salt: newSalt(), position: input.position, ...(input.pin ? { pin: input.pin } : {}) };
  const request = await vehicle.sign('rideshare.verifyPickup', {
    rideId: input.rideId,
    observationCommitment: openingCommitment(observation),
    face: input.face,
    voice: input.voice,
  });
  return { ...request, transient: { vehicleObservation: observation } };
}

/** A delivered notice as the SDK's event stream yields it (`DeliveredNotice` of the gateway). */
export interface RideNotice {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly private?: Record<string, unknown>;
}

export class RideProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RideProtocolError';
  }
}

/**
 * What one party learns about a ride, from its own drafts and the notices addressed to it. It checks
 * every delivered secret against the commitment the ledger recorded (the gateway relays but is not
 * trusted with integrity), validates each two-part key by its hash (paragraphs 42-45), and computes
 * the party's ride request and response hashes for reconciliation (FIG. 6).
 */
export class RideView {
  private requestDetails?: RequestDetails;
  private responseDetails?: ResponseDetails;
  private readonly keys: { request: { first?: string; second?: string; hash?: string }; response: { first?: string; second?: string; hash?: string } } = { request: {}, response: {} };
  requestedAtMs?: number;
  respondedAtMs?: number;
  cellE6?: number;

  constructor(readonly rideId: string) {}

  /** The rider's own request. */
  withRequest(draft: RideRequestDraft): this {
    this.requestDetails = draft.details;
    this.keys.request.first = draft.riderKeyPart;
    this.requestedAtMs = draft.requestedAtMs;
    return this;
  }

  /** The driver's own response. */
  withResponse(draft: RideResponseDraft): this {
    this.responseDetails = draft.details;
    this.keys.response.first = draft.driverKeyPart;
    this.respondedAtMs = draft.respondedAtMs;
    return this;
  }

  /** Takes what a notice of this ride delivers; returns whether it taught anything. */
  learn(notice: RideNotice): boolean {
    if (notice.data.rideId !== this.rideId) return false;
    const data = notice.data;
    switch (notice.type) {
      case 'rideshare.KeyPartDelivered': {
        const key = data.key === 'response' ? 'response' : 'request';
        const part = data.part === 'first' ? 'first' : 'second';
        const opening = notice.private?.[`${key}-key-${part}`] as { part?: unknown } | undefined;
        if (!opening || typeof opening.part !== 'string') throw new RideProtocolError(`${key} key ${part} part: not delivered with the notice`);
        if (keyPartCommitment(opening.part) !== data.commitment) throw new RideProtocolError(`${key} key ${part} part: does not open the recorded commitment`);
        this.keys[key][part] = opening.part;
        this.keys[key].hash = String(data.keyHash);
        return true;
      }
      case 'rideshare.RideOffered': {
        this.requestedAtMs = Number(data.requestedAtMs);
        this.cellE6 = Number((data.rules as { locationCellE6?: unknown } | undefined)?.locationCellE6);
        this.requestDetails = this.delivered<RequestDetails>(notice, 'request-details');
        return true;
      }
      case 'rideshare.ResponseDelivered': {
        this.respondedAtMs = Number(data.respondedAtMs);
        this.responseDetails = this.delivered<ResponseDetails>(notice, 'response-details');
        return true;
      }
      case 'rideshare.RideRequested':
        this.requestedAtMs = Number(data.requestedAtMs);
        this.keys.request.hash = String(data.keyHash);
        return true;
      case 'rideshare.RideResponded':
        this.respondedAtMs = Number(data.respondedAtMs);
        this.keys.response.hash = String(data.keyHash);
        return true;
      default:
        return false;
    }
  }

  /** Both parts of a key are known and hash to the ledger's key hash. */
  keyValid(kind: 'request' | 'response'): boolean {
    const { first, second, hash } = this.keys[kind];
    return first !== undefined && second !== undefined && hash !== undefined && keyHash(kind, first, second) === hash;
  }

  /** The party's ride request hash and ride response hash, over the locations it saw. */
  hashes(cellE6 = this.cellE6): { requestHash: string; responseHash: string } {
    const { request, response } = this.keys;
    if (!cellE6 || !this.requestDetails || !this.responseDetails || this.requestedAtMs === undefined || this.respondedAtMs === undefined || !request.first || !request.second || !response.first || !response.second) {
      throw new RideProtocolError('the ride is not fully known yet: details, times and both parts of both keys are needed');
    }
    const requestHash = firstHash({ requestedAtMs: this.requestedAtMs, details: this.requestDetails, key: { first: request.first, second: request.second } }, cellE6);
    const responseHash = secondHash({ firstHash: requestHash, respondedAtMs: this.respondedAtMs, details: this.responseDetails, key: { first: response.first, second: response.second } }, cellE6);
    return { requestHash, responseHash };
  }

  /** The `rideshare.submitRideHashes` body: the hashes, and the raw locations as a transient opening. */
  async hashesBody(party: SignsRequests, cellE6 = this.cellE6): Promise<SignedDeviceRequest<{ rideId: string; requestHash: string; responseHash: string; viewCommitment: string }> & { transient: { partyView: { salt: string; requestLocation: GeoPoint; responseLocation: GeoPoint } } }> {
    const { requestHash, responseHash } = this.hashes(cellE6);
    if (!this.requestDetails || !this.responseDetails) throw new RideProtocolError('details unknown');
    const partyView = { salt: newSalt(), requestLocation: this.requestDetails.pickup, responseLocation: this.responseDetails.location };
    const request = await party.sign('rideshare.submitHashes', { rideId: this.rideId, requestHash, responseHash, viewCommitment: openingCommitment(partyView) });
    return { ...request, transient: { partyView } };
  }

  private delivered<T>(notice: RideNotice, item: string): T {
    const value = notice.private?.[item];
    const ref = Object.values(notice.data).find((entry): entry is { item: string; commitment: string } => typeof entry === 'object' && entry !== null && (entry as { item?: unknown }).item === item);
    if (value === undefined || !ref) throw new RideProtocolError(`${item}: not delivered with ${notice.type}`);
    if (openingCommitment(value) !== ref.commitment) throw new RideProtocolError(`${item}: does not open the recorded commitment`);
    return value as T;
  }
}
