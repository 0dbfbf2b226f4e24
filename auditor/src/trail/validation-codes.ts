import { peer } from '@hyperledger/fabric-protos';

const NAMES = new Map<number, string>(Object.entries(peer.TxValidationCode).map(([name, code]) => [code as number, name]));

/** peer.TxValidationCode name of a code, e.g. 0 → VALID, 11 → MVCC_READ_CONFLICT. */
export function validationCodeName(code: number): string {
  return NAMES.get(code) ?? `UNKNOWN_${code}`;
}
