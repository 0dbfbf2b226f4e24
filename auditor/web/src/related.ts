/** Entities a state key names (keys as displayed: `type/part/…`, see chaincode/src/trail/README.md). */
export type RelatedKind = 'audit' | 'lot' | 'pairing' | 'ride' | 'device' | 'vin';

export interface Related {
  readonly kind: RelatedKind;
  readonly id: string;
}

const HEX_ID = /^[0-9a-f]{64}$/i;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function relatedOf(display: string): Related | undefined {
  const [type = '', first = ''] = display.split('/');
  if (type === 'vinaudit-unit' || type === 'vinaudit-lot') return first ? { kind: 'lot', id: first } : undefined;
  if (type.startsWith('vinaudit-') && HEX_ID.test(first)) return { kind: 'audit', id: first };
  if (type === 'pairing' && HEX_ID.test(first)) return { kind: 'pairing', id: first };
  if (type === 'rideshare-ride' && HEX_ID.test(first)) return { kind: 'ride', id: first };
  if (type === 'device' && ADDRESS.test(first)) return { kind: 'device', id: first };
  if (type === 'pairing-vehicle' && first) return { kind: 'vin', id: first };
  return undefined;
}

/** Each related entity once, in order of appearance. */
export function relatedOfKeys(displays: readonly string[]): Related[] {
  const seen = new Map<string, Related>();
  for (const display of displays) {
    const related = relatedOf(display);
    if (related) seen.set(`${related.kind}:${related.id.toLowerCase()}`, related);
  }
  return [...seen.values()];
}
