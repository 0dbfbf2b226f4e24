import fc from 'fast-check';

/**
 * Property-based malformed request bodies, generated from a route's own TypeBox (JSON) schema: first
 * a body the schema accepts, then exactly one defect at one place — a wrong type, a missing required
 * field, an extra field, a string breaking its pattern, or an oversize string, array or number.
 * The defect's path is known, so a test can demand that the answer names it.
 */

/** The JSON Schema keywords TypeBox emits that the generator understands. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly minProperties?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

export type PathPart = string | number;
export type DefectKind = 'wrong-type' | 'missing-required' | 'extra-field' | 'bad-pattern' | 'oversize';

export interface MalformedBody {
  readonly body: unknown;
  readonly kind: DefectKind;
  /** Where the defect is, as a path into the body. */
  readonly path: readonly PathPart[];
}

/** `['reports', 1, 'signature']` → `reports[1].signature`, the gateway's field notation. */
export function fieldOfPath(path: readonly PathPart[]): string {
  let field = '';
  for (const part of path) field = typeof part === 'number' ? `${field}[${part}]` : field ? `${field}.${part}` : part;
  return field;
}

const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 2 })),
})).value;

/** Values the schema accepts. */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => validValue(option)));
  switch (schema.type) {
    case 'object':
      return validObject(schema);
    case 'array': {
      const item = schema.items ? validValue(schema.items) : json;
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? minLength + 2, minLength + 2);
      return schema.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (value) => JSON.stringify(value) }) : fc.array(item, { minLength, maxLength });
    }
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000_000_000 });
    case 'number':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.constant({});
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  if (schema.pattern) {
    const maxLength = schema.maxLength ?? Number.POSITIVE_INFINITY;
    return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  return fc.string({ minLength, maxLength: Math.min(schema.maxLength ?? minLength + 16, minLength + 16) });
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(properties);
  const arbitraries = Object.fromEntries(entries.map(([name, property]) => [name, validValue(property)]));
  const optional = entries.filter(([name]) => !required.has(name)).map(([name]) => name);
  // With minProperties, every optional field is included, so the minimum always holds.
  const includeAll = (schema.minProperties ?? 0) > required.size;
  return fc.record(arbitraries, { requiredKeys: includeAll ? entries.map(([name]) => name) : [...required] }).map((value) => {
    for (const name of optional) if (value[name] === undefined) delete value[name];
    return value as Record<string, unknown>;
  });
}

/** A place in a body together with the schema that governs it. */
interface Site {
  readonly path: readonly PathPart[];
  readonly schema: JsonSchema;
  readonly value: unknown;
}

/** The schema branch of a union that accepts `value` (the first whose shape fits). */
function branchFor(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  if (!schema.anyOf) return schema;
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  return schema.anyOf.find((option) => (option.const !== undefined ? option.const === value : option.type === kind || (kind === 'integer' && option.type === 'number')));
}

/** Every site of a valid body (root excluded: a defect must have a field to name). */
export function sitesOf(schema: JsonSchema, value: unknown, path: readonly PathPart[] = []): Site[] {
  const branch = branchFor(schema, value);
  if (!branch) return [];
  const sites: Site[] = path.length > 0 ? [{ path, schema: branch, value }] : [];
  // Inside a union the gateway can only name the union's own place: stop descending.
  if (schema.anyOf) return sites;
  if (branch.type === 'object' && typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const property = branch.properties?.[name];
      if (property) sites.push(...sitesOf(property, child, [...path, name]));
    }
  }
  if (branch.type === 'array' && Array.isArray(value) && branch.items) {
    value.forEach((item, index) => sites.push(...sitesOf(branch.items as JsonSchema, item, [...path, index])));
  }
  return sites;
}

const TYPE_SAMPLES: readonly [string, unknown][] = [
  ['string', 'not-the-right-type'],
  ['integer', 7],
  ['number', 0.5],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', {}],
];

function acceptedTypes(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  const add = (option: JsonSchema): void => {
    if (option.const !== undefined) types.add(typeof option.const === 'number' ? 'number' : typeof option.const);
    const type = option.type;
    if (typeof type === 'string') types.add(type);
    else if (Array.isArray(type)) for (const entry of type) types.add(entry);
    if (type === 'number') types.add('integer');
    if (option.type === undefined && option.const === undefined && !option.anyOf) for (const [name] of TYPE_SAMPLES) types.add(name);
  };
  if (schema.anyOf) schema.anyOf.forEach(add);
  else add(schema);
  return types;
}

function setAt(root: unknown, path: readonly PathPart[], update: (parent: Record<PathPart, unknown>, key: PathPart) => void): unknown {
  const copy = structuredClone(root) as Record<PathPart, unknown>;
  let parent = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<PathPart, unknown>;
  update(parent, path[path.length - 1] as PathPart);
  return copy;
}

/** The defects possible at one site, each with the body carrying it. */
export function defectsAt(body: unknown, site: Site, parentSchema: (path: readonly PathPart[]) => JsonSchema | undefined): MalformedBody[] {
  const defects: MalformedBody[] = [];
  const { path, schema, value } = site;
  const accepted = acceptedTypes(schema);
  const wrong = TYPE_SAMPLES.find(([type]) => !accepted.has(type) && !(type === 'integer' && accepted.has('number')));
  if (wrong) defects.push({ kind: 'wrong-type', path, body: setAt(body, path, (parent, key) => (parent[key] = wrong[1])) });
  const parent = parentSchema(path);
  const key = path[path.length - 1];
  if (parent && typeof key === 'string' && parent.required?.includes(key)) {
    defects.push({ kind: 'missing-required', path, body: setAt(body, path, (object, name) => delete object[name]) });
  }
  if (schema.type === 'object' && schema.additionalProperties === false) {
    defects.push({ kind: 'extra-field', path: [...path, 'unexpectedField'], body: setAt(body, path, (object, name) => ((object[name] as Record<string, unknown>).unexpectedField = 1)) });
  }
  if (schema.type === 'string' && schema.pattern && typeof value === 'string') {
    const pattern = new RegExp(schema.pattern);
    const broken = [`${value}#`, `#${value}`, '', ' '].find((candidate) => !pattern.test(candidate));
    if (broken !== undefined) defects.push({ kind: 'bad-pattern', path, body: setAt(body, path, (object, name) => (object[name] = broken)) });
  }
  if (schema.type === 'string' && schema.maxLength !== undefined) {
    defects.push({ kind: 'oversize', path, body: setAt(body, path, (object, name) => (object[name] = 'x'.repeat((schema.maxLength ?? 0) + 1))) });
  }
  if (schema.type === 'array' && schema.maxItems !== undefined && Array.isArray(value)) {
    const filler = value[0] ?? null;
    defects.push({ kind: 'oversize', path, body: setAt(body, path, (object, name) => (object[name] = Array.from({ length: (schema.maxItems ?? 0) + 1 }, () => structuredClone(filler)))) });
  }
  if ((schema.type === 'integer' || schema.type === 'number') && schema.maximum !== undefined) {
    defects.push({ kind: 'oversize', path, body: setAt(body, path, (object, name) => (object[name] = (schema.maximum ?? 0) + 1)) });
  }
  return defects;
}

/** The schema of the object holding `path`'s last part, if that holder is an object (not a union, not an array). */
function holderSchema(root: JsonSchema, path: readonly PathPart[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  for (const part of path.slice(0, -1)) {
    if (!schema || schema.anyOf) return undefined;
    schema = typeof part === 'number' ? schema.items : schema.properties?.[part];
  }
  return schema && !schema.anyOf && schema.type === 'object' ? schema : undefined;
}

/** One malformed body of the schema: a valid body, then one defect (kinds drawn evenly) at one of its sites. */
export function malformedBody(schema: JsonSchema): fc.Arbitrary<MalformedBody> {
  return fc
    .tuple(validValue(schema), fc.nat(), fc.nat())
    .map(([body, kindChoice, siteChoice]) => {
      const options = sitesOf(schema, body).flatMap((site) => defectsAt(body, site, (path) => holderSchema(schema, path)));
      const kinds = [...new Set(options.map((option) => option.kind))];
      const kind = kinds[kindChoice % Math.max(1, kinds.length)];
      const ofKind = options.filter((option) => option.kind === kind);
      return ofKind[siteChoice % Math.max(1, ofKind.length)];
    })
    .filter((defect): defect is MalformedBody => defect !== undefined);
}
