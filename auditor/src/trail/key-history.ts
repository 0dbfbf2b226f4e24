/**
 * The chaincode side of a trail: `trail:KeyHistory(kind, id)` returns every key an entity touches
 * with the committed history of each (getHistoryForKey), values in base64.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { EntityKind } from './entity';
import type { EvaluatingContract } from './gateway-ports';

export const KEY_HISTORY_TRANSACTION = 'trail:KeyHistory';

const KeyModificationSchema = Type.Object({
  txId: Type.String(),
  timestampMs: Type.Integer(),
  isDelete: Type.Boolean(),
  valueBase64: Type.String(),
});

const EntityKeySchema = Type.Object({
  key: Type.String(),
  display: Type.String(),
  role: Type.Union([Type.Literal('record'), Type.Literal('related'), Type.Literal('index')]),
  modifications: Type.Array(KeyModificationSchema),
});

export const KeyHistorySchema = Type.Object({
  kind: Type.String(),
  id: Type.String(),
  keys: Type.Array(EntityKeySchema),
  truncated: Type.Boolean(),
});

export type KeyModification = Static<typeof KeyModificationSchema>;
export type EntityKey = Static<typeof EntityKeySchema>;
export type KeyHistory = Static<typeof KeyHistorySchema>;

const checker = TypeCompiler.Compile(KeyHistorySchema);

export class KeyHistoryFormatError extends Error {
  override name = 'KeyHistoryFormatError';
}

export function parseKeyHistory(bytes: Uint8Array): KeyHistory {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new KeyHistoryFormatError(`${KEY_HISTORY_TRANSACTION} did not return JSON`);
  }
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    throw new KeyHistoryFormatError(`${KEY_HISTORY_TRANSACTION} returned an unexpected shape at ${first?.path ?? '/'}: ${first?.message ?? ''}`);
  }
  return value;
}

/** Evaluates trail:KeyHistory on the chaincode contract (network.getContract(chaincodeName)). */
export async function fetchKeyHistory(chaincode: EvaluatingContract, kind: EntityKind, id: string): Promise<KeyHistory> {
  return parseKeyHistory(await chaincode.evaluateTransaction(KEY_HISTORY_TRANSACTION, kind, id));
}
