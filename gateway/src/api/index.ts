import type { Static, TSchema } from '@sinclair/typebox';
import { DEVICE_ROUTES } from './devices-routes';
import { PAIRING_ROUTES } from './pairing-routes';
import { RIDESHARE_ROUTES } from './rideshare-routes';
import type { RouteSpec } from './route-spec';
import { TRAIL_ROUTES } from './trail-routes';
import { VINAUDIT_ROUTES } from './vinaudit-routes';

export * from './api-error';
export * from './http-answers';
export * from './route-spec';
export { RIDE_PRIVATE_ITEMS } from './rideshare-routes';

/** Every chaincode operation the gateway serves: devices, pairing, ride-share, VIN audit, audit trails. */
export const ROUTES = [...DEVICE_ROUTES, ...PAIRING_ROUTES, ...RIDESHARE_ROUTES, ...VINAUDIT_ROUTES, ...TRAIL_ROUTES] as const;

export type Route = (typeof ROUTES)[number];
export type RouteId = Route['id'];
/** Each route by its id. */
export type RouteMap = { [R in Route as R['id']]: R };
export type RouteById<Id extends RouteId> = RouteMap[Id];

type Part<R, K extends 'params' | 'query' | 'body'> = R extends { readonly [P in K]: infer S extends TSchema } ? { [P in K]: Static<S> } : { [P in K]?: never };

/** What a caller sends to a route: `params`, `query` and `body` where the route has them. */
export type RouteInput<Id extends RouteId> = RouteInputOf<RouteMap[Id]>;
export type RouteInputOf<R> = Part<R, 'params'> & Part<R, 'query'> & Part<R, 'body'>;

/** The body schema's static type of a write route. */
export type RouteBody<Id extends RouteId> = RouteById<Id> extends { readonly body: infer S extends TSchema } ? Static<S> : never;

const byId = new Map<string, RouteSpec>(ROUTES.map((route) => [route.id, route]));

export function routeById<Id extends RouteId>(id: Id): RouteById<Id> {
  const route = byId.get(id);
  if (!route) throw new Error(`no route ${id}`);
  return route as RouteById<Id>;
}

/** The URL path of a route with its params filled in (encoded). */
export function routePath(route: Pick<RouteSpec, 'path'>, params: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path param ${name} of ${route.path}`);
    return encodeURIComponent(value);
  });
}
