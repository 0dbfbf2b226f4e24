import { MAX_REQUEST_VALIDITY_MS } from '@mobility-ledger/chaincode/dist/devices/device-registry';
import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { recoverDeviceRequestSigner } from '@mobility-ledger/chaincode/dist/devices/signer-recovery';
import { getAddress } from 'ethers';
import { ApiError } from '../api/api-error';
import { DEVICE_AUTHORIZATION_SCHEME } from '../api/http-answers';
import type { SignedRequestSpec } from '../api/route-spec';
import { fieldOfPointer } from './validation';

/** A signed request found in a body, with its body path (`''` = the body itself). */
export interface LocatedRequest {
  readonly field: string;
  readonly request: SignedDeviceRequest;
}

const join = (field: string, name: string): string => (field ? `${field}.${name}` : name);

/** `authorization` + `/payload/rideId` → `authorization.payload.rideId`. */
export function fieldOfRequest(prefix: string, pointer: string): string {
  const inner = fieldOfPointer(pointer);
  return inner ? (inner.startsWith('[') ? `${prefix}${inner}` : join(prefix, inner)) : prefix;
}

/** The signed requests at `body…` paths of a route spec (`body.reports[]` = each item). */
export function locateSignedRequests(body: unknown, at: string): LocatedRequest[] {
  if (at !== 'body' && !at.startsWith('body.')) return [];
  let found: { field: string; value: unknown }[] = [{ field: '', value: body }];
  for (const segment of at.split('.').slice(1)) {
    const each = segment.endsWith('[]');
    const name = each ? segment.slice(0, -2) : segment;
    const next: { field: string; value: unknown }[] = [];
    for (const { field, value } of found) {
      const child = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
      if (child === undefined) continue;
      if (!each) next.push({ field: join(field, name), value: child });
      else if (Array.isArray(child)) child.forEach((item, index) => next.push({ field: `${join(field, name)}[${index}]`, value: item }));
    }
    found = next;
  }
  return found
    .filter(({ value }) => typeof value === 'object' && value !== null)
    .map(({ field, value }) => ({ field, request: value as SignedDeviceRequest }));
}

export interface PrecheckRules {
  readonly action: string;
  readonly channel: string;
  readonly nowMs: number;
}

/**
 * The chaincode's stateless checks of a device request (devices/device-registry.ts
 * verifyRequestSignature), done first at the gateway so a bad signature costs no endorsement:
 * action, channel, expiry window, and an EIP-712 signature by the named device. The chaincode still
 * decides (registration, status, type, nonce). Errors use the chaincode's codes.
 */
export function precheckSignedRequest(located: LocatedRequest, rules: PrecheckRules): void {
  const { field, request } = located;
  if (request.action !== rules.action) {
    throw new ApiError('INVALID_ARGUMENT', `${join(field, 'action')}: must be ${rules.action}`, { field: join(field, 'action') });
  }
  if (request.channel !== rules.channel) {
    throw new ApiError('INVALID_ARGUMENT', `${join(field, 'channel')}: must be ${rules.channel}`, { field: join(field, 'channel') });
  }
  if (request.expiresAt <= rules.nowMs) {
    throw new ApiError('UNAUTHENTICATED', `${join(field, 'expiresAt')}: request has expired`, { field: join(field, 'expiresAt') });
  }
  if (request.expiresAt - rules.nowMs > MAX_REQUEST_VALIDITY_MS) {
    throw new ApiError('INVALID_ARGUMENT', `${join(field, 'expiresAt')}: must be at most ${MAX_REQUEST_VALIDITY_MS} ms ahead`, { field: join(field, 'expiresAt') });
  }
  let claimed: string;
  try {
    claimed = getAddress(request.device);
  } catch {
    throw new ApiError('INVALID_ARGUMENT', `${join(field, 'device')}: is not a valid address (mixed case with a wrong checksum)`, { field: join(field, 'device') });
  }
  let signer: string | undefined;
  try {
    signer = recoverDeviceRequestSigner(request);
  } catch {
    signer = undefined;
  }
  if (!signer || signer !== claimed) {
    throw new ApiError('UNAUTHENTICATED', `${join(field, 'signature')}: is not a signature of the named device over this request`, {
      field: join(field, 'signature'),
    });
  }
}

/** Checks every signed request a route declares in its body. */
export function precheckBody(body: unknown, specs: readonly SignedRequestSpec[], channel: string, nowMs = Date.now()): void {
  for (const spec of specs) {
    for (const located of locateSignedRequests(body, spec.at)) precheckSignedRequest(located, { action: spec.action, channel, nowMs });
  }
}

const MAX_TOKEN_LENGTH = 16_384;

/** The signed request of `Authorization: Device <base64url(JSON)>` (shape checked by the caller's schema). */
export function decodeAuthorizationRequest(header: string | undefined): unknown {
  if (!header) {
    throw new ApiError('UNAUTHENTICATED', `authorization: this read needs an Authorization: ${DEVICE_AUTHORIZATION_SCHEME} header`, { field: 'authorization' });
  }
  const match = /^(\S+)\s+([A-Za-z0-9_-]+={0,2})$/.exec(header.trim());
  if (!match || match[1]?.toLowerCase() !== DEVICE_AUTHORIZATION_SCHEME.toLowerCase() || (match[2]?.length ?? 0) > MAX_TOKEN_LENGTH) {
    throw new ApiError('UNAUTHENTICATED', `authorization: must be ${DEVICE_AUTHORIZATION_SCHEME} <base64url of the signed request JSON>`, { field: 'authorization' });
  }
  try {
    return JSON.parse(Buffer.from(match[2] ?? '', 'base64url').toString('utf8'));
  } catch {
    throw new ApiError('UNAUTHENTICATED', 'authorization: does not decode to JSON', { field: 'authorization' });
  }
}
