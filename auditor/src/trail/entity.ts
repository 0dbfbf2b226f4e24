/** The entities an auditor follows through the ledger (chaincode/src/trail/README.md). */
export const ENTITY_KINDS = ['vin', 'pairing', 'device', 'ride', 'audit'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export function isEntityKind(value: string): value is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(value);
}

export class EntityKindError extends Error {
  override name = 'EntityKindError';
}

export function entityKind(value: string): EntityKind {
  if (!isEntityKind(value)) throw new EntityKindError(`unknown entity kind '${value}'; expected one of ${ENTITY_KINDS.join(', ')}`);
  return value;
}
