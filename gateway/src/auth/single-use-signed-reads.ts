import { signedRequestSchema, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { canonicalJson } from '@mobility-ledger/chaincode/dist/lib/canonical-json';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import { ApiError } from '../api/api-error';
import type { RouteSpec } from '../api/route-spec';
import { decodeAuthorizationRequest, precheckSignedRequest } from '../routes/signed-requests';
import { DeviceAuthError } from './auth-error';
import type { NonceConsumer } from './credential-nonces';

export interface SingleUseSignedReadsOptions {
  /** The route table: routes whose signed request is `header` are the signed reads. */
  readonly routes: readonly RouteSpec[];
  readonly nonces: NonceConsumer;
  readonly channel: string;
  readonly now?: () => number;
}

const envelope = TypeCompiler.Compile(signedRequestSchema(Type.Unknown()));

/**
 * The header's signed request when the read route would accept it (shape, action, channel, expiry,
 * signature, payload = the path's params); undefined otherwise, and the route answers its own refusal.
 */
function acceptableHeaderRequest(request: FastifyRequest, action: string, channel: string, nowMs: number): SignedDeviceRequest | undefined {
  try {
    const candidate = decodeAuthorizationRequest(request.headers.authorization);
    if (!envelope.Check(candidate)) return undefined;
    precheckSignedRequest({ field: 'authorization', request: candidate }, { action, channel, nowMs });
    const params = (request.params ?? {}) as Readonly<Record<string, string>>;
    if (canonicalJson(candidate.payload as never) !== canonicalJson(params)) return undefined;
    return candidate;
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}

/**
 * A preHandler hook for the whole app: on the signed reads (`signedRequests: [{at: 'header'}]`), the
 * header's nonce is consumed once the credential is otherwise acceptable, so a captured header cannot
 * be replayed on this gateway (401 `authorization.nonce`). Evaluations do not reach the ledger, so the
 * chaincode cannot consume these nonces itself.
 */
export function singleUseSignedReads(options: SingleUseSignedReadsOptions): preHandlerHookHandler {
  const now = options.now ?? Date.now;
  const actions = new Map<string, string>();
  for (const spec of options.routes) {
    const header = spec.signedRequests?.find((signed) => signed.at === 'header');
    if (header) actions.set(spec.id, header.action);
  }
  return async function consumeSignedReadNonce(request: FastifyRequest) {
    const routeId = (request.routeOptions.config as { routeId?: unknown } | undefined)?.routeId;
    const action = typeof routeId === 'string' ? actions.get(routeId) : undefined;
    if (!action) return;
    const signed = acceptableHeaderRequest(request, action, options.channel, now());
    if (!signed) return;
    try {
      await options.nonces.consume(signed.device, signed.nonce, signed.expiresAt);
    } catch (error) {
      if (error instanceof DeviceAuthError) throw new ApiError(error.code, `${error.field}: ${error.message}`, { field: error.field });
      throw error;
    }
  };
}
