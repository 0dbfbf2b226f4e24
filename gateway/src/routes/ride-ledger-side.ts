import { randomBytes } from 'node:crypto';

/** Reads one of a ride's private items on the operator's own peer (`rideshare:ReadPrivateItem`). */
export type PrivateItemReader = (rideId: string, item: string) => Promise<unknown>;

type Transient = Record<string, unknown>;
type Body = Readonly<Record<string, unknown>>;

const randomKeyPart = (): string => randomBytes(32).toString('hex');

function payloadOf(body: Body): Record<string, unknown> {
  const payload = body.payload;
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
}

function partOf(opening: unknown): unknown {
  return typeof opening === 'object' && opening !== null ? (opening as { part?: unknown }).part : undefined;
}

/**
 * The operator gateway's side of a ride (chaincode/src/rideshare/README.md, "Split keys"): it
 * generates the second part of each key, and reads back from operatorPrivate the openings a
 * transaction needs (the chaincode checks each against the ride's commitments). A value the caller
 * sent is kept; only missing ones are filled.
 */
export const RIDE_LEDGER_SIDE: Readonly<Record<string, (body: Body, transient: Transient, read: PrivateItemReader) => Promise<void>>> = {
  'rideshare.requestRide': async (_body, transient) => {
    transient.ledgerKeyPart ??= randomKeyPart();
  },
  'rideshare.respondToRide': async (body, transient) => {
    if (payloadOf(body).decision === 'accept') transient.ledgerKeyPart ??= randomKeyPart();
  },
  'rideshare.submitRideHashes': async (body, transient, read) => {
    if (transient.ledgerView !== undefined) return;
    const rideId = String(payloadOf(body).rideId);
    const [request, requestFirst, requestSecond, response, responseFirst, responseSecond] = await Promise.all(
      ['request-details', 'request-key-first', 'request-key-second', 'response-details', 'response-key-first', 'response-key-second'].map((item) => read(rideId, item)),
    );
    transient.ledgerView = {
      request,
      requestKey: { first: partOf(requestFirst), second: partOf(requestSecond) },
      response,
      responseKey: { first: partOf(responseFirst), second: partOf(responseSecond) },
    };
  },
  'rideshare.verifyPickup': async (body, transient, read) => {
    const rideId = String(payloadOf(body).rideId);
    if (transient.rideRequest === undefined) transient.rideRequest = await read(rideId, 'request-details');
    const observation = transient.vehicleObservation as { pin?: unknown } | undefined;
    if (observation?.pin !== undefined && transient.pinSalt === undefined) {
      const opening = (await read(rideId, 'pin-salt')) as { salt?: unknown } | undefined;
      transient.pinSalt = opening?.salt;
    }
  },
};
