import { ORG_MSP, requireMsp } from '../lib/access';
import type { LedgerContext } from '../lib/context';
import type { DeviceType } from '../devices/device-types';

/**
 * Pairing transactions are submitted by the automaker's pairing server (the patent's "server"),
 * which relays the devices' signed requests: the personal data they carry goes to `oemPrivate`,
 * which only automaker clients may read.
 */
export function requireAutomakerClient(ctx: LedgerContext, action: string): void {
  requireMsp(ctx, [ORG_MSP.automaker], action);
}

/** Devices that may be paired with a vehicle as secondary devices, and revoke pairings. */
export const PHONE_TYPES: readonly DeviceType[] = ['owner-phone', 'driver-phone', 'rider-phone'];
