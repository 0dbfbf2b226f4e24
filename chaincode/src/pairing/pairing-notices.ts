import { ORG_MSP } from '../lib/access';
import type { JsonValue } from '../lib/canonical-json';
import type { LedgerContext } from '../lib/context';
import { toDevice, toOrg, type Recipient } from '../lib/events';
import type { PairingRecord } from './pairing-record-types';
import type { VehicleIdentification } from './pairing-types';

/**
 * Notices of the pairing contract. Events are public to the channel, so they carry identifiers,
 * commitments and vehicle identification data, never personal data or locations.
 */
export type NoticeData = { [key: string]: JsonValue };

/** Drops undefined fields, which canonical JSON would drop anyway, to satisfy the JSON type. */
export function compact(data: { [key: string]: JsonValue | undefined }): NoticeData {
  const out: NoticeData = {};
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  return out;
}

export const AUTOMAKER: Recipient = toOrg(ORG_MSP.automaker);

export function toComponents(components: readonly string[]): Recipient[] {
  return components.map(toDevice);
}

/** Claim 1 / paragraph 52: the vehicle identification data goes to the device. */
export function noticePrePaired(ctx: LedgerContext, pairing: PairingRecord, vehicle: VehicleIdentification): void {
  ctx.events.emit('pairing.PrePaired', [toDevice(pairing.device), AUTOMAKER], compact({
    pairingId: pairing.pairingId,
    vin: pairing.vin,
    role: pairing.role,
    origin: pairing.origin,
    vehicle,
    components: pairing.components,
    validUntilMs: pairing.validUntilMs,
  }));
}

/** Claim 1 / paragraph 52: the device data goes to each reporting component, as identifiers and commitments. */
export function noticeDeviceData(ctx: LedgerContext, pairing: PairingRecord): void {
  ctx.events.emit('pairing.DeviceDataDelivered', toComponents(pairing.components), compact({
    pairingId: pairing.pairingId,
    vin: pairing.vin,
    device: pairing.device,
    deviceType: pairing.deviceType,
    role: pairing.role,
    deviceDataCommitment: pairing.deviceDataCommitment,
    validUntilMs: pairing.validUntilMs,
  }));
}

/** A pairing ended: the device, the vehicle's components, the owner and the automaker learn it. */
export function noticeUnpaired(ctx: LedgerContext, pairing: PairingRecord, reason: string, ownerDevice?: string): void {
  const to = [toDevice(pairing.device), ...toComponents(pairing.components), AUTOMAKER];
  if (ownerDevice) to.push(toDevice(ownerDevice));
  ctx.events.emit(pairing.status === 'expired' ? 'pairing.Expired' : 'pairing.Unpaired', to, {
    pairingId: pairing.pairingId,
    vin: pairing.vin,
    device: pairing.device,
    status: pairing.status,
    reason,
  });
}
