import { canonicalJson, recoverDeviceRequestSigner, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/client';
import { getAddress } from 'ethers';
import { DeviceAuthError, permissionDenied, unauthenticated } from './auth-error';
import type { AuthenticatedDevice } from './authenticated-device';
import type { NonceConsumer } from './credential-nonces';
import { DeviceLookupError, type DeviceLookup } from './device-lookup';

/** Credentials live at most this long: a captured header is worth little. */
export const MAX_CREDENTIAL_LIFETIME_MS = 5 * 60 * 1000;
/** Tolerated lead of a device clock over the gateway's when checking the lifetime bound. */
export const DEFAULT_CLOCK_SKEW_MS = 30 * 1000;
export const DEFAULT_CHANNEL = 'mobility';

export interface CredentialRules {
  /** The action the device must have signed, e.g. `gateway.subscribe`. */
  readonly action: string;
  readonly channel?: string;
  readonly nowMs?: number;
  readonly clockSkewMs?: number;
}

/**
 * The stateless checks, in the chaincode's order: action, channel, expiry (not passed, at most five
 * minutes ahead), and an EIP-712 signature by the named device (recovered with the chaincode's own
 * function). Returns the checksummed address. The nonce is consumed by authenticateDevice (with
 * `nonces`), once everything else holds.
 */
export function verifyDeviceCredential(request: SignedDeviceRequest, rules: CredentialRules): string {
  const channel = rules.channel ?? DEFAULT_CHANNEL;
  const now = rules.nowMs ?? Date.now();
  if (request.action !== rules.action) throw unauthenticated('authorization.action', `must be ${rules.action}`);
  if (request.channel !== channel) throw unauthenticated('authorization.channel', `must be ${channel}`);
  if (request.expiresAt <= now) throw unauthenticated('authorization.expiresAt', 'the credential has expired');
  if (request.expiresAt - now > MAX_CREDENTIAL_LIFETIME_MS + (rules.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS)) {
    throw unauthenticated('authorization.expiresAt', `must be at most ${MAX_CREDENTIAL_LIFETIME_MS / 1000} s ahead`);
  }
  try {
    canonicalJson(request.payload);
  } catch {
    throw unauthenticated('authorization.payload', 'must be canonical JSON (integers only)');
  }
  const signer = recoverDeviceRequestSigner(request);
  const claimed = getAddress(request.device);
  if (!signer || signer !== claimed) {
    throw unauthenticated('authorization.signature', 'is not a signature of the named device over this request');
  }
  return claimed;
}

export interface DeviceRules extends CredentialRules {
  readonly lookup: DeviceLookup;
  /** Device types allowed; any registered type when omitted. */
  readonly deviceTypes?: readonly string[];
  /**
   * The gateway's used nonces: each credential is accepted once (401 `authorization.nonce` on reuse).
   * Consumed last, so refused credentials (forged, unregistered device) leave nothing behind.
   */
  readonly nonces?: NonceConsumer;
}

/**
 * verifyDeviceCredential, then the registry: registered (else 401), active and of an allowed type
 * (else 403); then the nonce is consumed (`rules.nonces`; a reused one is 401 `authorization.nonce`).
 */
export async function authenticateDevice(request: SignedDeviceRequest, rules: DeviceRules): Promise<AuthenticatedDevice> {
  const address = verifyDeviceCredential(request, rules);
  let device: Awaited<ReturnType<DeviceLookup['getDevice']>>;
  try {
    device = await rules.lookup.getDevice(address);
  } catch (error) {
    if (error instanceof DeviceLookupError) throw new DeviceAuthError('PEER_UNAVAILABLE', 'authorization.device', error.message);
    throw error;
  }
  if (!device) throw unauthenticated('authorization.device', `device ${address} is not registered`);
  if (device.status !== 'active') throw permissionDenied('authorization.device', `device ${address} is ${device.status}`);
  if (rules.deviceTypes && !rules.deviceTypes.includes(device.deviceType)) {
    throw permissionDenied('authorization.device', `a ${device.deviceType} may not ${rules.action}; allowed: ${rules.deviceTypes.join(', ')}`);
  }
  await rules.nonces?.consume(address, request.nonce, request.expiresAt);
  return { address: device.address, deviceType: device.deviceType, org: device.org };
}
