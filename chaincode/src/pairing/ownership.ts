import { hashRecord } from '../lib/hash';
import type { PhoneOwnershipData, VehicleOwnershipData } from './ownership-types';

/** The commitment a device signs: sha256 of the canonical JSON of `{salt, data}`. */
export function commitmentOf(opening: unknown): string {
  return hashRecord(opening);
}

/**
 * People type names and places differently on a phone and at the dealer: compare them after
 * Unicode NFC, trimming, collapsing white space and lower-casing. Dates and VINs compare exactly.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function sameText(a: string | undefined, b: string | undefined): boolean {
  // An optional field is common only when both sides carry it.
  if (a === undefined || b === undefined) return true;
  return normalizeText(a) === normalizeText(b);
}

/**
 * The common ownership fields of the phone's and the vehicle's ownership data for the same vehicle
 * (claim 1, paragraphs 57-59). Returns the names of the fields that differ; empty means authenticated.
 */
export function differingOwnershipFields(phone: PhoneOwnershipData, vehicle: VehicleOwnershipData, vin: string): string[] {
  const differing: string[] = [];
  if (vehicle.vin !== vin || !phone.vins.includes(vin)) differing.push('vin');
  if (!sameText(phone.ownerName, vehicle.ownerName)) differing.push('ownerName');
  if (!sameText(phone.ownerAddress, vehicle.ownerAddress)) differing.push('ownerAddress');
  if (phone.purchaseDate !== vehicle.purchaseDate) differing.push('purchaseDate');
  if (!sameText(phone.purchasePlace, vehicle.purchasePlace)) differing.push('purchasePlace');
  return differing;
}

/**
 * Common ownership of another vehicle (claim 7, paragraph 67): its purchase differs from the first
 * vehicle's, so only the owner's identity is compared.
 */
export function differingOwnerIdentityFields(phone: PhoneOwnershipData, vehicle: VehicleOwnershipData): string[] {
  const differing: string[] = [];
  if (!sameText(phone.ownerName, vehicle.ownerName)) differing.push('ownerName');
  if (!sameText(phone.ownerAddress, vehicle.ownerAddress)) differing.push('ownerAddress');
  return differing;
}
