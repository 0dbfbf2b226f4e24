import type { Static, TSchema } from '@sinclair/typebox';
import { getAddress } from 'ethers';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, invalidArgument, permissionDenied, unauthenticated } from '../lib/errors';
import { CompositeIndex, RecordStore } from '../lib/state';
import { parseJsonArgument, validate } from '../lib/validate';
import { signedRequestSchema, type SignedDeviceRequest } from './device-request';
import { recoverDeviceRequestSigner } from './signer-recovery';
import { DeviceRecordSchema, type DeviceRecord, type DeviceType } from './device-types';

export const devices = new RecordStore('device', DeviceRecordSchema, 'device');
export const devicesByOrg = new CompositeIndex('device~org');
const usedNonces = new CompositeIndex('device~nonce');

/** A request may be signed at most this long before it expires: bounds the replay window. */
export const MAX_REQUEST_VALIDITY_MS = 24 * 60 * 60 * 1000;

export interface RequestSpec<P extends TSchema> {
  /** The action the device must have signed, e.g. `pairing.reportVehicle`. */
  readonly action: string;
  readonly payload: P;
  /** Device types allowed to make this request; any registered type when omitted. */
  readonly deviceTypes?: readonly DeviceType[];
}

export interface VerifiedRequest<P> {
  readonly device: DeviceRecord;
  readonly payload: P;
  readonly request: SignedDeviceRequest<P>;
}

/** Parses, then verifies, a signed device request passed as a JSON transaction argument. */
export async function verifyDeviceRequestArgument<P extends TSchema>(
  ctx: LedgerContext,
  argument: string,
  spec: RequestSpec<P>,
  name = 'request',
): Promise<VerifiedRequest<Static<P>>> {
  const request = parseJsonArgument(signedRequestSchema(spec.payload), argument, name);
  return verifyDeviceRequest(ctx, request, spec, name);
}

/**
 * Checks a signed device request: shape, action, channel, expiry against the transaction time,
 * EIP-712 signature by the named device, the device is registered, active and of an allowed type,
 * and the nonce was never used by that device. Marks the nonce used.
 */
export async function verifyDeviceRequest<P extends TSchema>(
  ctx: LedgerContext,
  candidate: unknown,
  spec: RequestSpec<P>,
  name = 'request',
): Promise<VerifiedRequest<Static<P>>> {
  const request = verifyRequestSignature(ctx, candidate, spec, name);
  const device = await requireActiveDevice(ctx, request.device, `${name}.device`);
  if (spec.deviceTypes && !spec.deviceTypes.includes(device.type)) {
    throw permissionDenied(`${name}.device`, `a ${device.type} may not ${spec.action}; allowed: ${spec.deviceTypes.join(', ')}`);
  }
  await consumeNonce(ctx, request.device, request.nonce, `${name}.nonce`);
  return { device, payload: request.payload, request };
}

/**
 * The stateless half of request verification: shape, action, channel, expiry window and an EIP-712
 * signature by the device the request names. Returns the request with a checksummed device address.
 */
export function verifyRequestSignature<P extends TSchema>(
  ctx: LedgerContext,
  candidate: unknown,
  spec: Pick<RequestSpec<P>, 'action' | 'payload'>,
  name = 'request',
): SignedDeviceRequest<Static<P>> {
  const request = validate(signedRequestSchema(spec.payload), candidate, name) as unknown as SignedDeviceRequest<Static<P>>;
  if (request.action !== spec.action) {
    throw invalidArgument(`${name}.action`, `must be ${spec.action}`);
  }
  if (request.channel !== ctx.stub.getChannelID()) {
    throw invalidArgument(`${name}.channel`, `must be ${ctx.stub.getChannelID()}`);
  }
  const now = ctx.nowMs;
  if (request.expiresAt <= now) {
    throw unauthenticated(`${name}.expiresAt`, 'request has expired');
  }
  if (request.expiresAt - now > MAX_REQUEST_VALIDITY_MS) {
    throw invalidArgument(`${name}.expiresAt`, `must be at most ${MAX_REQUEST_VALIDITY_MS} ms after the transaction time`);
  }
  const signer = recoverDeviceRequestSigner(request);
  const claimed = getAddress(request.device);
  if (!signer || signer !== claimed) {
    throw unauthenticated(`${name}.signature`, 'is not a signature of the named device over this request');
  }
  return { ...request, device: claimed };
}

export async function consumeNonce(ctx: LedgerContext, address: string, nonce: string, field: string): Promise<void> {
  if (await usedNonces.has(ctx, [address, nonce])) {
    throw alreadyExists(field, 'was already used by this device (replayed request)');
  }
  await usedNonces.add(ctx, [address, nonce]);
}

export async function requireActiveDevice(ctx: LedgerContext, address: string, field: string): Promise<DeviceRecord> {
  const device = await devices.get(ctx, [getAddress(address)]);
  if (!device) throw unauthenticated(field, `device ${address} is not registered`);
  if (device.status !== 'active') throw permissionDenied(field, `device ${address} is ${device.status}`);
  return device;
}
