import { canonicalJson } from '../lib/canonical-json';
import { hashRecord } from '../lib/hash';
import { REJECTION_REASONS, type RejectionReason } from './pairing-record-types';
import type { ComponentReportPayload, VehicleIdentification } from './pairing-types';

/** A verified component report: who signed it (from the device registry) and what it says. */
export interface ComponentReport {
  readonly component: { readonly address: string; readonly vin?: string | undefined };
  readonly payload: ComponentReportPayload;
}

export interface ReportAssessment {
  /** The vehicle identification all components agree on, or undefined when they disagree. */
  readonly agreed: VehicleIdentification | undefined;
  readonly reportedVins: string[];
  readonly reasons: RejectionReason[];
  readonly details: string[];
}

const FIELDS = ['vin', 'manufacturer', 'buildDate', 'plant', 'options'] as const;

/** Options are a set: components may list them in any order. */
export function normalizeVehicle(vehicle: VehicleIdentification): VehicleIdentification {
  return { ...vehicle, options: [...new Set(vehicle.options)].sort() };
}

export function vehicleDataHash(vehicle: VehicleIdentification): string {
  return hashRecord(normalizeVehicle(vehicle));
}

/**
 * The rules for vehicle identification data reported by several components (paragraph 49, claim 7):
 * every component bound to a VIN reports that VIN, all reports agree, they are for the expected
 * vehicle, and the vehicle is on (paragraph 53). Returns every broken rule, so the recorded
 * rejection tells the automaker all that was wrong.
 */
export function assessComponentReports(reports: readonly ComponentReport[], expectedVin: string): ReportAssessment {
  const reasons = new Set<RejectionReason>();
  const details: string[] = [];
  const normalized = reports.map((report) => normalizeVehicle(report.payload.vehicle));
  reports.forEach((report, index) => {
    const boundVin = report.component.vin;
    if (boundVin !== undefined && boundVin !== report.payload.vehicle.vin) {
      reasons.add('component-vin-binding');
      details.push(`reports[${index}]: component bound to ${boundVin} reported ${report.payload.vehicle.vin}`);
    }
    if (report.payload.powerState !== 'on') {
      reasons.add('vehicle-off');
      details.push(`reports[${index}]: vehicle power state is ${report.payload.powerState}`);
    }
  });
  const first = normalized[0];
  let agree = first !== undefined;
  normalized.forEach((vehicle, index) => {
    if (index === 0 || !first) return;
    const differing = FIELDS.filter((field) => canonicalJson(vehicle[field]) !== canonicalJson(first[field]));
    if (differing.length > 0) {
      agree = false;
      reasons.add('component-mismatch');
      details.push(`reports[${index}]: disagrees with reports[0] on ${differing.join(', ')}`);
    }
  });
  const agreed = agree ? first : undefined;
  if (agreed && agreed.vin !== expectedVin) {
    reasons.add('vin-mismatch');
    details.push(`components reported ${agreed.vin}; expected ${expectedVin}`);
  }
  return {
    agreed,
    reportedVins: [...new Set(normalized.map((vehicle) => vehicle.vin))].sort(),
    reasons: REJECTION_REASONS.filter((reason) => reasons.has(reason)),
    details,
  };
}
