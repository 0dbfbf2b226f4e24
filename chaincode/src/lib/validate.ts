import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { invalidArgument } from './errors';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor<T extends TSchema>(schema: T): TypeCheck<T> {
  let checker = compiled.get(schema);
  if (!checker) {
    checker = TypeCompiler.Compile(schema);
    compiled.set(schema, checker);
  }
  return checker as TypeCheck<T>;
}

/** `/payload/vin` → `payload.vin`, `/items/0/x` → `items[0].x`, prefixed with the argument name. */
function fieldName(prefix: string, pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  let name = prefix;
  for (const part of parts) {
    name = /^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part;
  }
  return name || 'value';
}

/**
 * Checks `value` against `schema` and returns it typed, or throws INVALID_ARGUMENT naming the first
 * offending field and the rule it breaks. Used for arguments on the way in and records on the way out.
 */
export function validate<T extends TSchema>(schema: T, value: unknown, prefix = ''): Static<T> {
  const checker = checkerFor(schema);
  if (checker.Check(value)) return value;
  const first = checker.Errors(value).First();
  if (!first) throw invalidArgument(prefix || 'value', 'is invalid');
  const extra = first.schema && first.message.includes('Unexpected property');
  throw invalidArgument(fieldName(prefix, first.path), extra ? 'is not an allowed field' : lowerFirst(first.message));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Parses a JSON transaction argument, then validates it. */
export function parseJsonArgument<T extends TSchema>(schema: T, text: string, name: string): Static<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidArgument(name, 'must be valid JSON');
  }
  return validate(schema, value, name);
}
