import { signedRequestSchema } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { canonicalJson } from '@mobility-ledger/chaincode/dist/lib/canonical-json';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { ApiError } from '../api/api-error';
import { ErrorAnswer, ReadAnswer, WriteAnswer, type ReadAnswer as Read, type WriteAnswer as Write } from '../api/http-answers';
import type { RouteCall, RouteSpec } from '../api/route-spec';
import { toApiError } from '../fabric/error-mapping';
import type { LedgerClient } from '../fabric/ledger-client';
import { precheckRegistration } from './registration-precheck';
import { RIDE_LEDGER_SIDE, type PrivateItemReader } from './ride-ledger-side';
import { decodeAuthorizationRequest, fieldOfRequest, precheckBody, precheckSignedRequest } from './signed-requests';
import { argumentOf, encodeTransient } from './transient-data';
import { typeBoxValidator } from './validation';

export interface LedgerRoutesOptions {
  readonly routes: readonly RouteSpec[];
  readonly ledger: Pick<LedgerClient, 'evaluate' | 'submit'>;
  /** This gateway's org: routes of another org are refused before any Fabric call. */
  readonly mspId: string;
  readonly channel: string;
}

const utf8 = new TextDecoder();
const envelope = TypeCompiler.Compile(signedRequestSchema(Type.Unknown()));

/** A chaincode result: JSON when it is JSON (all of ours are), else the text. */
export function parseResult(bytes: Uint8Array): unknown {
  const text = utf8.decode(bytes);
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Path params in path order: the default arguments of a read. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
}

export function defaultArguments(spec: RouteSpec, call: RouteCall): string[] {
  if (spec.method === 'POST') return [JSON.stringify(argumentOf(call.body))];
  return pathParamNames(spec.path).map((name) => call.params[name] ?? '');
}

/** A signed read: the header's request, shaped and signed, over exactly the route's params. */
function headerRequestOf(request: FastifyRequest, action: string, channel: string, params: Readonly<Record<string, string>>): unknown {
  const candidate = decodeAuthorizationRequest(request.headers.authorization);
  if (!envelope.Check(candidate)) {
    const first = envelope.Errors(candidate).First();
    const field = fieldOfRequest('authorization', first?.path ?? '');
    throw new ApiError('UNAUTHENTICATED', `${field}: is not a signed device request${first ? `: ${first.message}` : ''}`, { field });
  }
  precheckSignedRequest({ field: 'authorization', request: candidate }, { action, channel, nowMs: Date.now() });
  if (canonicalJson(candidate.payload as never) !== canonicalJson(params)) {
    throw new ApiError('INVALID_ARGUMENT', `authorization.payload: must be ${canonicalJson(params)}, the path's parameters`, { field: 'authorization.payload' });
  }
  return candidate;
}

function schemaOf(spec: RouteSpec): Record<string, unknown> {
  const signedRead = spec.signedRequests?.some((signed) => signed.at === 'header') ?? false;
  return {
    operationId: spec.id,
    summary: spec.summary,
    tags: [...spec.tags],
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { querystring: spec.query } : {}),
    ...(signedRead ? { security: [{ deviceRequest: [] }] } : {}),
    response: { 200: spec.method === 'POST' ? WriteAnswer : ReadAnswer, '4xx': ErrorAnswer, '5xx': ErrorAnswer },
  };
}

/**
 * One fastify route per RouteSpec: org check, device-signature pre-check, arguments and transient
 * data, then an evaluate (GET) or a submit with commit wait (POST); Fabric errors become HTTP errors.
 */
export function registerLedgerRoutes(app: FastifyInstance, options: LedgerRoutesOptions): void {
  const { ledger, mspId, channel } = options;
  const readPrivateItem: PrivateItemReader = async (rideId, item) =>
    parseResult(await ledger.evaluate({ contract: 'rideshare', transaction: 'ReadPrivateItem', arguments: [rideId, item] }));

  async function handle(spec: RouteSpec, request: FastifyRequest): Promise<Write | Read> {
    if (spec.org !== 'any' && spec.org !== mspId) {
      throw new ApiError('PERMISSION_DENIED', `caller: ${spec.id} is served by the ${spec.org} gateway; this is the ${mspId} gateway`, { field: 'caller' });
    }
    const body = (request.body ?? {}) as Readonly<Record<string, unknown>>;
    const params = (request.params ?? {}) as Readonly<Record<string, string>>;
    const query = (request.query ?? {}) as Readonly<Record<string, unknown>>;
    const signed = spec.signedRequests ?? [];
    precheckBody(body, signed, channel);
    const headerSpec = signed.find((candidate) => candidate.at === 'header');
    const headerRequest = headerSpec ? headerRequestOf(request, headerSpec.action, channel, params) : undefined;
    if (spec.id === 'devices.register') precheckRegistration(body, mspId);
    const call: RouteCall = { params, query, body, ...(headerRequest === undefined ? {} : { headerRequest }) };
    const args = spec.toArguments ? spec.toArguments(call) : defaultArguments(spec, call);
    const target = { contract: spec.contract, transaction: spec.transaction, arguments: args };
    try {
      if (spec.method === 'GET') return { result: parseResult(await ledger.evaluate(target)) };
      const transient: Record<string, unknown> = { ...((body.transient as Record<string, unknown> | undefined) ?? {}) };
      await RIDE_LEDGER_SIDE[spec.id]?.(body, transient, readPrivateItem);
      const transientData = encodeTransient(transient, spec.transient ?? []);
      const committed = await ledger.submit({
        ...target,
        ...(transientData ? { transientData, endorsingOrganizations: spec.endorsingOrganizations } : {}),
      });
      if (committed.attempts > 1) request.log.info({ txId: committed.txId, attempts: committed.attempts }, 'committed after resubmission');
      return { txId: committed.txId, blockNumber: committed.blockNumber.toString(), result: parseResult(committed.result) };
    } catch (error) {
      throw toApiError(error, { argument: spec.argument, transient: spec.transient ?? [] });
    }
  }

  for (const spec of options.routes) {
    app.route({
      method: spec.method,
      url: spec.path,
      schema: schemaOf(spec),
      config: { routeId: spec.id },
      validatorCompiler: typeBoxValidator as FastifySchemaCompiler<unknown>,
      // Answers are plain JSON: the response schemas document them, they do not filter them.
      serializerCompiler: () => (data) => JSON.stringify(data),
      handler: async (request) => handle(spec, request),
    });
  }
}
