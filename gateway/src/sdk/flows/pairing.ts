import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import type { GeoPoint } from '@mobility-ledger/chaincode/dist/lib/geo';
import type { PhoneOwnershipData, VehicleOwnershipData } from '@mobility-ledger/chaincode/dist/pairing/ownership-types';
import type { ComponentReportPayload, VehicleIdentification } from '@mobility-ledger/chaincode/dist/pairing/pairing-types';
import { commitmentOf, type Opening } from '../commitments';

/**
 * Bodies of the pairing routes (chaincode/src/pairing/README.md) built from the devices' own
 * signatures: each device signs only what it reports, the personal data travel as transient
 * openings of the commitments the devices signed.
 */

/** Anything that signs for one device: a `Device` or a `RequestSigner`. */
export interface SignsRequests {
  sign<P>(action: string, payload: P): Promise<SignedDeviceRequest<P>>;
}

export interface ReportOptions {
  readonly powerState?: 'on' | 'off';
  /** The digital-key-ecu commits to the vehicle's ownership data. */
  readonly ownership?: Opening<VehicleOwnershipData>;
  readonly invitationId?: string;
}

/** `pairing.reportVehicle` of one component, bound to the device being paired (`forDevice`). */
export function componentReport(
  component: SignsRequests,
  vehicle: VehicleIdentification,
  forDevice: string,
  options: ReportOptions = {},
): Promise<SignedDeviceRequest<ComponentReportPayload>> {
  const payload: ComponentReportPayload = {
    vehicle,
    powerState: options.powerState ?? 'on',
    forDevice,
    ...(options.invitationId ? { invitationId: options.invitationId } : {}),
    ...(options.ownership ? { ownershipCommitment: commitmentOf(options.ownership) } : {}),
  };
  return component.sign('pairing.reportVehicle', payload);
}

/** The `pairing.prePair` body: the phone's signed request, the reports, and both openings as transient data. */
export async function prePairBody(input: {
  readonly phone: SignsRequests;
  readonly vin: string;
  readonly phoneOwnership: Opening<PhoneOwnershipData>;
  readonly vehicleOwnership: Opening<VehicleOwnershipData>;
  readonly reports: readonly SignedDeviceRequest<ComponentReportPayload>[];
}) {
  const device = await input.phone.sign('pairing.requestPrePairing', { vin: input.vin, ownershipCommitment: commitmentOf(input.phoneOwnership) });
  return {
    device,
    reports: [...input.reports],
    transient: { deviceOwnership: input.phoneOwnership, vehicleOwnership: input.vehicleOwnership },
  };
}

export interface Fix {
  readonly signer: SignsRequests;
  readonly position: GeoPoint;
  /** When the fix was taken (Unix ms); now when omitted. At most 30 s old when the block commits. */
  readonly fixTimeMs?: number;
}

/** The `pairing.reportProximity` body: two signed fixes, only in transient data (locations are personal). */
export async function proximityBody(pairingId: string, fixes: { readonly vehicle: Fix; readonly device: Fix }) {
  const signFix = (fix: Fix) => fix.signer.sign('pairing.reportFix', { pairingId, position: fix.position, fixTimeMs: fix.fixTimeMs ?? Date.now() });
  return { pairingId, transient: { fixes: { vehicle: await signFix(fixes.vehicle), device: await signFix(fixes.device) } } };
}
