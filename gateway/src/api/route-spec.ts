import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { signedRequestSchema } from '@mobility-ledger/chaincode/dist/devices/device-request';

/** A consortium org whose gateway may call a route, or any member's. */
export type RouteOrg = 'OemMSP' | 'MobilityMSP' | 'AuditMSP' | 'any';

/**
 * Where a route carries a signed device request, so the gateway can check it before Fabric does and
 * the SDK knows what to sign. `at` is a body path (`body` = the whole body, `body.reports[]` = each
 * item of an array, `body.transient.fixes.vehicle`), or `header`: `Authorization: Device
 * <base64url(JSON)>` on a read, whose signed payload is the route's params (`{}` without params).
 */
export interface SignedRequestSpec {
  readonly at: string;
  readonly action: string;
}

/** What the handler hands a route's argument builder: the validated HTTP input. */
export interface RouteCall {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** The decoded `Authorization: Device …` request of a signed read. */
  readonly headerRequest?: unknown;
}

/**
 * One chaincode operation exposed over HTTP (docs/GATEWAY-API-BRIEF.md). POST submits (write), GET
 * evaluates (read). The body of a write is the chaincode's JSON argument, plus `transient` holding
 * the transient-map entries (never arguments).
 */
export interface RouteSpec<Body extends TSchema = TSchema, Params extends TSchema = TSchema, Query extends TSchema = TSchema> {
  readonly id: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly org: RouteOrg;
  readonly contract: string;
  readonly transaction: string;
  readonly body?: Body;
  readonly params?: Params;
  readonly query?: Query;
  /** Keys of `body.transient`, moved to the transient map. */
  readonly transient?: readonly string[];
  /** Named endorsing orgs, required when transient data is sent (the chaincode READMEs say which). */
  readonly endorsingOrganizations?: readonly string[];
  readonly summary: string;
  readonly tags: readonly string[];
  /** The chaincode's name for the JSON body argument (`request`, `args`…): its error fields start with it. */
  readonly argument?: string;
  readonly signedRequests?: readonly SignedRequestSpec[];
  /**
   * The chaincode arguments. Default: a write's body without `transient`, as one JSON argument; a
   * read's path params in path order, as plain strings.
   */
  readonly toArguments?: (call: RouteCall) => string[];
}

/** Keeps literal types (ids, paths, schemas) so the SDK can infer each route's input by id. */
export function defineRoute<const Spec extends RouteSpec>(spec: Spec): Spec {
  return spec;
}

/** The chaincode's own signed device request envelope around a payload schema. */
export function signed<P extends TSchema>(payload: P) {
  return signedRequestSchema(payload);
}

/** A write body: the argument's properties plus `transient` with the transient-map entries. */
export function withTransient<A extends TProperties, T extends TProperties>(argument: TObject<A>, transient: TObject<T>, required = true) {
  const transientSchema = Type.Object(transient.properties, { additionalProperties: false, description: 'Transient data: sent to the endorsing peers, never stored in the block.' });
  return Type.Object(
    { ...argument.properties, transient: required ? transientSchema : Type.Optional(transientSchema) },
    { additionalProperties: false },
  );
}

/** A body that names one identifier only, e.g. `{pairingId}` for a transaction taking it as a plain string. */
export function idBody<K extends string, S extends TSchema>(name: K, schema: S) {
  return Type.Object({ [name]: schema } as { [P in K]: S }, { additionalProperties: false });
}

/** A params schema of plain identifiers. */
export function params<P extends TProperties>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

/** Thrown by an argument builder for input the schemas cannot express (answered as 400 naming the field). */
export class RouteInputError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'RouteInputError';
  }
}
