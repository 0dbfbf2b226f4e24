import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { LedgerRecordError } from './errors';

/**
 * The part of `@hyperledger/fabric-gateway`'s `Contract` the auditor tools call. A gateway
 * `Contract` satisfies it as is, so this package needs no import of the gateway client here.
 */
export interface ChaincodeContract {
  evaluateTransaction(name: string, ...args: string[]): Promise<Uint8Array>;
  submitTransaction(name: string, ...args: string[]): Promise<Uint8Array>;
}

const utf8 = new TextDecoder();
const checks = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor<S extends TSchema>(schema: S): TypeCheck<S> {
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checks.set(schema, check);
  }
  return check as TypeCheck<S>;
}

/** Parses a chaincode answer and checks it against the record's schema. */
export function decodeAnswer<S extends TSchema>(transaction: string, bytes: Uint8Array, schema: S): Static<S> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw new LedgerRecordError(transaction, `answer is not JSON (${(error as Error).message})`);
  }
  const check = checkerFor(schema);
  if (!check.Check(value)) {
    const first = check.Errors(value).First();
    throw new LedgerRecordError(transaction, first ? `${first.path || '/'}: ${first.message}` : 'answer does not match the record');
  }
  return value;
}

/** Evaluates a query (`contract:Verb`) and decodes its JSON answer. */
export async function query<S extends TSchema>(contract: ChaincodeContract, transaction: string, schema: S, ...args: string[]): Promise<Static<S>> {
  return decodeAnswer(transaction, await contract.evaluateTransaction(transaction, ...args), schema);
}

/** Submits a transaction with one JSON argument and decodes its JSON answer. */
export async function submitJson<S extends TSchema>(contract: ChaincodeContract, transaction: string, schema: S, argument: unknown): Promise<Static<S>> {
  return decodeAnswer(transaction, await contract.submitTransaction(transaction, JSON.stringify(argument)), schema);
}
