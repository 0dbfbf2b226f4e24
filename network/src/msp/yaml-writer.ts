/** A small YAML emitter for plain JSON data (objects, arrays, strings, numbers, booleans). */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Emits JSON-compatible data (what JSON.stringify would keep) as a YAML document. */
export function toYaml(value: unknown): string {
  return toYamlDocument(JSON.parse(JSON.stringify(value)) as Json);
}

function toYamlDocument(value: Json): string {
  return `---\n${emit(value, 0)}`;
}

function emit(value: Json, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return `${pad}[]\n`;
    }
    return value.map((item: Json) => `${pad}-${nested(item, indent + 2)}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { readonly [key: string]: Json });
    if (entries.length === 0) {
      return `${pad}{}\n`;
    }
    return entries.map(([key, item]) => `${pad}${scalarKey(key)}:${nested(item, indent + 2)}`).join('');
  }
  return `${pad}${scalar(value)}\n`;
}

/** The text after "key:" or "-": inline for scalars, on the following lines for collections. */
function nested(value: Json, indent: number): string {
  if (typeof value === 'string' && value.includes('\n')) {
    const pad = ' '.repeat(indent);
    const lines = value.replace(/\n$/, '').split('\n');
    const chomp = value.endsWith('\n') ? '' : '-';
    return ` |${chomp}\n${lines.map((line) => `${pad}${line}`).join('\n')}\n`;
  }
  if (value !== null && typeof value === 'object') {
    const isEmpty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    return isEmpty ? ` ${Array.isArray(value) ? '[]' : '{}'}\n` : `\n${emit(value, indent)}`;
  }
  return ` ${scalar(value)}\n`;
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') {
    return `'${value.replace(/'/g, "''")}'`;
  }
  return String(value);
}

function scalarKey(key: string): string {
  return /^[A-Za-z0-9_.@/-]+$/.test(key) ? key : scalar(key);
}
