import type { TSchema } from '@sinclair/typebox';
import type { RouteSpec } from '../api/route-spec';

/** The HTTP request a route call becomes. */
export interface HttpRequestPlan {
  readonly method: 'GET' | 'POST';
  /** Path with params filled in and query appended, e.g. `/v1/pairing/pairings/ab12?x=1`. */
  readonly path: string;
  /** The path params alone: a signed read signs them as its payload. */
  readonly params: Record<string, string>;
  readonly body?: Record<string, unknown>;
}

export class RouteInputError extends Error {
  constructor(
    readonly routeId: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${routeId}: ${field}: ${reason}`);
    this.name = 'RouteInputError';
  }
}

/** `:name` segments of an Express-style path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
}

function propertyNames(schema: TSchema | undefined): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function queryValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Splits the merged input of a call into path params, query and body, by the route's own schemas:
 * names in the path are params, names in the query schema are query, everything else is body. The
 * gateway validates the result; this only places the values.
 */
export function planRequest(route: RouteSpec, input: Record<string, unknown>): HttpRequestPlan {
  const paramNames = pathParamNames(route.path);
  const queryNames = new Set(propertyNames(route.query));
  const params: Record<string, string> = {};
  let path = route.path;
  for (const name of paramNames) {
    const value = input[name];
    if (typeof value !== 'string' && typeof value !== 'number') throw new RouteInputError(route.id, name, 'is a path parameter and must be given');
    params[name] = String(value);
    path = path.replace(`:${name}`, encodeURIComponent(String(value)));
  }
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (paramNames.includes(name) || value === undefined) continue;
    if (queryNames.has(name)) query.append(name, queryValue(value));
    else body[name] = value;
  }
  const search = query.toString();
  if (route.method === 'GET') {
    const extra = Object.keys(body);
    if (extra.length > 0) throw new RouteInputError(route.id, extra[0] ?? '', 'a read takes no body');
    return { method: 'GET', path: search ? `${path}?${search}` : path, params };
  }
  return { method: 'POST', path: search ? `${path}?${search}` : path, params, body };
}
