import { canonicalJson } from '../lib/canonical-json';
import type { GeoPoint } from '../lib/geo';
import { hashRecord, sha256Hex } from '../lib/hash';
import type { RequestDetails, ResponseDetails } from './rideshare-types';

/**
 * The hashes of the ride-share protocol (paragraphs 42-45, 53, 60). Pure functions over canonical
 * JSON, shared by the chaincode and the devices so both sides hash exactly the same bytes. Each
 * preimage names its kind, so a value of one kind can never be replayed as another.
 */

export interface GridCell {
  readonly latCell: number;
  readonly lonCell: number;
}

/**
 * Floor division in exact integer steps (the remainder of safe integers is exact, and the final
 * division has no remainder), so cells have the same size on both sides of the equator and meridian.
 */
export function floorDiv(value: number, divisor: number): number {
  const remainder = ((value % divisor) + divisor) % divisor;
  return (value - remainder) / divisor;
}

/**
 * Quantises a location to its grid cell before hashing, so two devices whose GPS fixes differ by
 * less than a cell usually hash the same value; the raw-distance tolerance covers cell boundaries.
 */
export function gridCell(point: GeoPoint, cellE6: number): GridCell {
  return { latCell: floorDiv(point.latE6, cellE6), lonCell: floorDiv(point.lonE6, cellE6) };
}

/** The opening stored in operatorPrivate for a key part; its SHA-256 is the public commitment. */
export function keyPartOpening(part: string): { kind: 'rideshare.keyPart'; part: string } {
  return { kind: 'rideshare.keyPart', part };
}

/** Public commitment to one key part: equals Fabric's private-data hash of the stored opening. */
export function keyPartCommitment(part: string): string {
  return hashRecord(keyPartOpening(part));
}

export type KeyKind = 'request' | 'response';

/**
 * Validating a two-part key (paragraphs 42, 44, 45): hash the first and second part together. The
 * ride record keeps this value so each holder of both parts can check what it was given.
 */
export function keyHash(kind: KeyKind, first: string, second: string): string {
  return sha256Hex(canonicalJson({ kind: `rideshare.${kind}Key`, first, second }));
}

/** Commitment to a private opening (details, views, observations): SHA-256 of its canonical JSON. */
export function openingCommitment(opening: unknown): string {
  return hashRecord(opening);
}

export function pinSaltOpening(salt: string): { kind: 'rideshare.pinSalt'; salt: string } {
  return { kind: 'rideshare.pinSalt', salt };
}

/** What the rider device signs for the one-time PIN fallback; the salt keeps the PIN unguessable. */
export function pinCommitment(salt: string, pin: string): string {
  return hashRecord({ kind: 'rideshare.pin', salt, pin });
}

export interface FirstHashInput {
  readonly requestedAtMs: number;
  readonly details: RequestDetails;
  readonly key: { readonly first: string; readonly second: string };
}

/**
 * The first hash (paragraph 53, step 420): both parts of the ride request key, the first time, the
 * first location and destination as grid cells, and the rider parameters hash. Needs both secret
 * key parts, so only the rider, the ledger side and the offered driver can compute it.
 */
export function firstHash(input: FirstHashInput, cellE6: number): string {
  return hashRecord({
    kind: 'rideshare.firstHash',
    cellE6,
    requestedAtMs: input.requestedAtMs,
    pickupCell: gridCell(input.details.pickup, cellE6),
    destinationCell: gridCell(input.details.destination, cellE6),
    riderParametersHash: input.details.riderParametersHash,
    keyFirstPart: input.key.first,
    keySecondPart: input.key.second,
  });
}

export interface SecondHashInput {
  /** Chains the response to the request it answers. */
  readonly firstHash: string;
  readonly respondedAtMs: number;
  readonly details: ResponseDetails;
  readonly key: { readonly first: string; readonly second: string };
}

/**
 * The second hash (paragraph 60, step 522): both parts of the ride response key, the response time,
 * the driver device's location as a grid cell, and the driver and vehicle parameter hashes.
 */
export function secondHash(input: SecondHashInput, cellE6: number): string {
  return hashRecord({
    kind: 'rideshare.secondHash',
    cellE6,
    firstHash: input.firstHash,
    respondedAtMs: input.respondedAtMs,
    locationCell: gridCell(input.details.location, cellE6),
    driverParametersHash: input.details.driverParametersHash,
    vehicleParametersHash: input.details.vehicleParametersHash,
    keyFirstPart: input.key.first,
    keySecondPart: input.key.second,
  });
}

/** Ride identifiers derive from the transaction ID: the same on every endorser, unique per ride. */
export function rideIdFor(txId: string): string {
  return sha256Hex(`rideshare.ride:${txId}`);
}
