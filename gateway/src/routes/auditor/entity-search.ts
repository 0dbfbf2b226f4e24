import type { EntityKind } from '@mobility-ledger/auditor/dist/trail/entity';
import type { AuditorLedgerPort } from './auditor-ledger';

export type SearchKind = EntityKind | 'lot';

export interface SearchMatch {
  readonly kind: SearchKind;
  readonly id: string;
  readonly keys: number;
  readonly label: string;
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX_ID = /^[0-9a-fA-F]{64}$/;
const LABELS: Readonly<Record<SearchKind, string>> = { vin: 'VIN', device: 'Device', pairing: 'Pairing', ride: 'Ride', audit: 'VIN audit', lot: 'Lot' };

/** The entity kinds a query could name, with the ID in the form the chaincode takes. */
export function candidatesOf(query: string): { kind: EntityKind; id: string }[] {
  const text = query.trim();
  if (VIN.test(text.toUpperCase())) return [{ kind: 'vin', id: text.toUpperCase() }];
  if (ADDRESS.test(text)) return [{ kind: 'device', id: text }];
  if (HEX_ID.test(text)) return (['audit', 'pairing', 'ride'] as const).map((kind) => ({ kind, id: text.toLowerCase() }));
  return [];
}

/**
 * What a search box entry names on the ledger: the entity kinds its shape allows whose trail is not
 * empty (a 64-hex ID may be an audit, a pairing or a ride), and a lot of that ID. A kind given
 * explicitly is looked up as is.
 */
export async function searchEntities(ledger: Pick<AuditorLedgerPort, 'keyHistory' | 'reports'>, query: string, kind: SearchKind | 'auto' = 'auto'): Promise<SearchMatch[]> {
  const text = query.trim();
  const matches: SearchMatch[] = [];
  if (kind === 'auto' || kind === 'lot') {
    const lots = await ledger.reports.listLots();
    const lot = lots.find((candidate) => candidate.lotId === text);
    if (lot) matches.push({ kind: 'lot', id: lot.lotId, keys: (await ledger.reports.listUnits(lot.lotId)).length, label: `${LABELS.lot} ${lot.lotId}: ${lot.name}` });
    if (kind === 'lot') return matches;
  }
  const candidates = kind === 'auto' ? candidatesOf(text) : [{ kind, id: kind === 'vin' ? text.toUpperCase() : text }];
  for (const candidate of candidates) {
    const history = await ledger.keyHistory(candidate.kind, candidate.id);
    const written = history.keys.filter((key) => key.modifications.length > 0).length;
    if (written > 0 || kind !== 'auto') matches.push({ kind: candidate.kind, id: history.id, keys: written, label: `${LABELS[candidate.kind]} ${history.id}` });
  }
  return matches;
}
