import { getAddress } from 'ethers';
import { verifyDeviceRequest } from '../devices/device-registry';
import { VEHICLE_COMPONENT_TYPES, type DeviceRecord } from '../devices/device-types';
import type { LedgerContext } from '../lib/context';
import { invalidArgument } from '../lib/errors';
import { ComponentReportPayload } from './pairing-types';
import type { ComponentReport } from './vehicle-reports';

export interface VerifiedReport extends ComponentReport {
  readonly component: DeviceRecord;
  readonly payload: ComponentReportPayload;
}

export interface ReportBinding {
  /** The device the reports must be for. */
  readonly forDevice: string;
  /** The invitation the reports answer; reports for a plain pre-pairing carry none. */
  readonly invitationId?: string | undefined;
}

/**
 * Verifies each component's signed `pairing.reportVehicle` (signature, registration, active status,
 * component type, expiry, nonce) and its binding to this pairing. Anything that fails here is a
 * malformed or unauthenticated input: the transaction throws and records nothing.
 */
export async function verifyComponentReports(
  ctx: LedgerContext,
  candidates: readonly unknown[],
  field: string,
  binding: ReportBinding,
): Promise<VerifiedReport[]> {
  const reports: VerifiedReport[] = [];
  for (const [index, candidate] of candidates.entries()) {
    const name = `${field}[${index}]`;
    const { device, payload } = await verifyDeviceRequest(
      ctx,
      candidate,
      { action: 'pairing.reportVehicle', payload: ComponentReportPayload, deviceTypes: VEHICLE_COMPONENT_TYPES },
      name,
    );
    const earlier = reports.findIndex((report) => report.component.address === device.address);
    if (earlier >= 0) throw invalidArgument(`${name}.device`, `repeats the component of ${field}[${earlier}]: reports must come from distinct components`);
    if (getAddress(payload.forDevice) !== binding.forDevice) {
      throw invalidArgument(`${name}.payload.forDevice`, `must be ${binding.forDevice}, the device being paired`);
    }
    if (payload.invitationId !== binding.invitationId) {
      throw invalidArgument(`${name}.payload.invitationId`, binding.invitationId ? `must be ${binding.invitationId}` : 'must be absent outside an invitation');
    }
    if (payload.ownershipCommitment !== undefined && device.type !== 'digital-key-ecu') {
      throw invalidArgument(`${name}.payload.ownershipCommitment`, 'only the digital-key-ecu reports the vehicle ownership data');
    }
    reports.push({ component: device, payload });
  }
  return reports;
}

/** The one report that carries the vehicle's ownership data with its digital key (claim 1). */
export function digitalKeyReport(reports: readonly VerifiedReport[], field: string, required: boolean): VerifiedReport | undefined {
  const carrying = reports.filter((report) => report.payload.ownershipCommitment !== undefined);
  if (carrying.length > 1) throw invalidArgument(field, 'only one report may carry the vehicle ownership data');
  if (required && carrying.length === 0) {
    throw invalidArgument(field, 'must include the digital-key-ecu report carrying the vehicle ownership data');
  }
  return carrying[0];
}

export function componentAddresses(reports: readonly VerifiedReport[]): string[] {
  return reports.map((report) => report.component.address).sort();
}
