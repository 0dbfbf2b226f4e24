import { distanceMm, type GeoPoint } from '../lib/geo';
import type { LotRecord } from './lot-types';

export interface LotChoice {
  readonly lotId: string;
  readonly name: string;
  readonly dealerName: string;
  readonly lenderMsp: string;
  readonly distanceMm?: number;
  /** Audit windows open on the lot, to check in to. */
  readonly openAuditIds: readonly string[];
}

/** FIG. 10: how many lots the device lists first, nearest first. */
export const NEAREST_LOT_COUNT = 10;

/**
 * Lots for the auditor's device to choose from: the nearest first when the device has a GPS fix,
 * and all lots by name in any case, as the fallback when GPS is off or wrong.
 */
export function rankLots(
  lots: readonly LotRecord[],
  gps: GeoPoint | null,
  openAudits: ReadonlyMap<string, readonly string[]> = new Map(),
): { nearest: LotChoice[]; all: LotChoice[] } {
  const choice = (lot: LotRecord): LotChoice => ({
    lotId: lot.lotId,
    name: lot.name,
    dealerName: lot.dealerName,
    lenderMsp: lot.lenderMsp,
    openAuditIds: openAudits.get(lot.lotId) ?? [],
  });
  const all = lots.map(choice).sort((a, b) => compareText(a.name, b.name) || compareText(a.lotId, b.lotId));
  if (!gps) return { nearest: [], all };
  const nearest = lots
    .map((lot) => ({ ...choice(lot), distanceMm: distanceMm(gps, lot.location) }))
    .sort((a, b) => a.distanceMm - b.distanceMm || compareText(a.lotId, b.lotId))
    .slice(0, NEAREST_LOT_COUNT);
  return { nearest, all };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
