import { computeCheckDigit } from '@mobility-ledger/chaincode/dist/vinaudit/vin';
import { randomBytes } from 'ethers';

/**
 * Fresh identifiers for each run of the story, so it also runs against a stack that already holds
 * an earlier run (a VIN can have one owner phone; lot IDs are unique).
 */
const VIN_CHARACTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** A North American VIN (WMI starting with 1) with a correct check digit (49 CFR 565). */
export function randomVin(wmi = '1HG'): string {
  const bytes = randomBytes(14);
  const body = Array.from(bytes, (byte) => VIN_CHARACTERS[byte % VIN_CHARACTERS.length]).join('');
  const draft = `${wmi}${body.slice(0, 5)}0${body.slice(5, 13)}`;
  return `${draft.slice(0, 8)}${computeCheckDigit(draft)}${draft.slice(9)}`;
}

/** A short random suffix for IDs and labels. */
export function runTag(): string {
  return Array.from(randomBytes(4), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Microdegree offset that moves a point by about `metres` to the north. */
export function northOf(point: { latE6: number; lonE6: number }, metres: number): { latE6: number; lonE6: number } {
  return { latE6: point.latE6 + Math.round(metres * 8.993), lonE6: point.lonE6 };
}
