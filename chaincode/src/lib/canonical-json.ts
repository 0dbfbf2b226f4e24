/**
 * Canonical JSON (RFC 8785 style key order) so that every endorsing peer writes byte-identical
 * values. Only safe integers are allowed: consensus values never carry floats.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path || 'value'}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  return write(value, '');
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalJsonError(path, 'must be a safe integer (no floats in ledger data)');
      }
      return String(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value as Record<string, unknown>, path);
    default:
      throw new CanonicalJsonError(path, `cannot encode a ${typeof value}`);
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  const parts = items.map((item, index) => {
    if (item === undefined) throw new CanonicalJsonError(`${path}[${index}]`, 'undefined in array');
    return write(item, `${path}[${index}]`);
  });
  return `[${parts.join(',')}]`;
}

function writeObject(object: Record<string, unknown>, path: string): string {
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort();
  const parts = keys.map((key) => `${JSON.stringify(key)}:${write(object[key], path ? `${path}.${key}` : key)}`);
  return `{${parts.join(',')}}`;
}
