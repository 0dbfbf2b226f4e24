import type { Static, TSchema } from '@sinclair/typebox';
import type { RouteSpec } from '../api/route-spec';

/**
 * Types inferred from a route table (`ROUTES` in gateway/src/api): route ids, each route's input
 * (path params, query and body merged into one object, as `GatewayClient.call` takes it) and answer.
 */
export type RouteTable = readonly RouteSpec[];

export type RouteIdOf<Table extends RouteTable> = Table[number]['id'];

export type RouteOf<Table extends RouteTable, Id extends RouteIdOf<Table>> = Extract<Table[number], { readonly id: Id }>;

type StaticOf<Route, Key extends 'body' | 'params' | 'query'> = Route extends { readonly [K in Key]: infer S extends TSchema } ? Static<S> : unknown;

/** Everything a call of the route needs: params, query and body properties in one object. */
export type InputOf<Route> = StaticOf<Route, 'params'> & StaticOf<Route, 'query'> & StaticOf<Route, 'body'>;

/**
 * Per-id lookup tables: indexing them with a generic id stays deferred, where a conditional type
 * over the union of ~100 routes would multiply out (params × query × body) and overwhelm the checker.
 */
export type InputsOf<Table extends RouteTable> = { [R in Table[number] as R['id']]: InputOf<R> };
export type AnswersOf<Table extends RouteTable> = { [R in Table[number] as R['id']]: AnswerOf<R> };
export type BodiesOf<Table extends RouteTable> = { [R in Table[number] as R['id']]: BodyOf<R> };

/** The body alone (for routes whose body is one signed request, the SDK signs its payload). */
export type BodyOf<Route> = StaticOf<Route, 'body'>;

/** A write's answer: the committed transaction and the chaincode's result. */
export interface WriteAnswer<R = unknown> {
  readonly txId: string;
  /** Decimal string: block numbers are 64-bit. */
  readonly blockNumber: string;
  readonly result: R;
  /** The gateway's `x-request-id`. */
  readonly requestId?: string;
}

/** A read's answer. */
export interface ReadAnswer<R = unknown> {
  readonly result: R;
  readonly requestId?: string;
}

export type AnswerOf<Route, R = unknown> = Route extends { readonly method: 'POST' } ? WriteAnswer<R> : ReadAnswer<R>;
