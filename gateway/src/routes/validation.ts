import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { FastifySchemaCompiler } from 'fastify';

/** One schema failure, as fastify keeps it on `error.validation`. */
export interface FieldViolation {
  readonly instancePath: string;
  readonly message: string;
  /** Where it is: a body path (`reports[1].signature`), a param or query name. */
  readonly field: string;
  readonly rule: string;
}

/** `/reports/1/signature` → `reports[1].signature`. */
export function fieldOfPointer(pointer: string): string {
  let field = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    field = /^\d+$/.test(part) ? `${field}[${part}]` : field ? `${field}.${part}` : part;
  }
  return field;
}

function ruleOf(message: string): string {
  if (message.includes('Unexpected property')) return 'is not an allowed field';
  if (message.includes('Expected required property')) return 'is required';
  return message.charAt(0).toLowerCase() + message.slice(1);
}

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * Validates with TypeBox's compiler, as the chaincode does: a body is checked exactly as sent (no
 * coercion, no removal of unknown fields: a signed payload must reach the chaincode byte for byte);
 * params and query strings are converted to the schema's types first (`?limit=5` → 5).
 */
export const typeBoxValidator: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  const checker = check;
  return (value: unknown) => {
    const candidate = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (checker.Check(candidate)) return { value: candidate };
    const first = checker.Errors(candidate).First();
    const instancePath = first?.path ?? '';
    const message = first?.message ?? 'is invalid';
    const violation: FieldViolation = { instancePath, message, field: fieldOfPointer(instancePath), rule: ruleOf(message) };
    return { error: [violation] as never };
  };
};
