import type { EntityKind, KeyRole } from './trail-types';

/**
 * Which state keys belong to an entity. `exact` names one key; `prefix` is a partial composite key
 * whose current keys are listed (range queries see only live keys: index entries deleted earlier,
 * e.g. a released VIN unit, are not found). `linked` turns an index entry into the record it names,
 * so a VIN's trail also follows the pairings, attempts, requests… indexed under it.
 */
export interface KeySpec {
  readonly objectType: string;
  readonly parts: readonly string[];
  readonly match: 'exact' | 'prefix';
  readonly role: KeyRole;
  readonly linked?: { readonly objectType: string; readonly parts: (attributes: readonly string[]) => readonly string[] };
}

const exact = (objectType: string, parts: readonly string[], role: KeyRole): KeySpec => ({ objectType, parts, match: 'exact', role });
const prefix = (objectType: string, parts: readonly string[], role: KeyRole, linked?: KeySpec['linked']): KeySpec => ({
  objectType,
  parts,
  match: 'prefix',
  role,
  ...(linked ? { linked } : {}),
});
/** The record an index entry names: attribute positions taken from the index's key layout. */
const link = (objectType: string, ...positions: number[]): KeySpec['linked'] => ({
  objectType,
  parts: (attributes) => positions.map((position) => attributes[position] ?? ''),
});

function vinKeys(vin: string): KeySpec[] {
  return [
    exact('pairing-vehicle', [vin], 'record'),
    prefix('pairing~vin', [vin], 'index', link('pairing', 1)),
    prefix('pairing-attempt~vin', [vin], 'index', link('pairing-attempt', 2)),
    prefix('pairing-mismatch~vin', [vin], 'index', link('pairing-mismatch', 2)),
    prefix('pairing-request~vin', [vin], 'index', link('pairing-request', 1)),
    prefix('pairing-invitation~vin', [vin], 'index', link('pairing-invitation', 1)),
    prefix('pairing-transfer~vin', [vin], 'index', link('pairing-transfer', 1)),
    prefix('vinaudit-vin~unit', [vin], 'index', link('vinaudit-unit', 1, 2)),
    prefix('vinaudit-double-flooring', [vin], 'related'),
  ];
}

function deviceKeys(address: string): KeySpec[] {
  return [
    exact('device', [address], 'record'),
    // One consumed nonce per request the device signed: every transaction it took part in.
    prefix('device~nonce', [address], 'index'),
    prefix('pairing~device', [address], 'index', link('pairing', 1)),
    prefix('rideshare-ride~party', [address], 'index'),
    exact('rideshare-account', [address], 'related'),
    prefix('rideshare-vehicle-link', [address], 'related'),
    exact('vinaudit-crew', [address], 'related'),
  ];
}

function auditKeys(auditId: string): KeySpec[] {
  return [
    exact('vinaudit-audit', [auditId], 'record'),
    prefix('vinaudit-checkin', [auditId], 'related'),
    exact('vinaudit-submission', [auditId], 'related'),
    prefix('vinaudit-capture', [auditId], 'related'),
    prefix('vinaudit-reading', [auditId], 'related'),
    exact('vinaudit-verdict', [auditId], 'related'),
    exact('vinaudit-features', [auditId], 'related'),
    prefix('vinaudit-anomaly', [auditId], 'related'),
    prefix('vinaudit-audit~reaudit', [auditId], 'index'),
  ];
}

/** The key specs of an entity, its own record first. */
export function keySpecsOf(kind: EntityKind, id: string): KeySpec[] {
  switch (kind) {
    case 'vin':
      return vinKeys(id);
    case 'device':
      return deviceKeys(id);
    case 'pairing':
      return [exact('pairing', [id], 'record')];
    case 'ride':
      return [exact('rideshare-ride', [id], 'record')];
    case 'audit':
      return auditKeys(id);
  }
}
