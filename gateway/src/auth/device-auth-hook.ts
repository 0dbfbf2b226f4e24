import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { DeviceAuthError } from './auth-error';
import './authenticated-device';
import { decodeDeviceToken, DEVICE_SCHEME, deviceTokenOf } from './authorization-header';
import type { NonceConsumer } from './credential-nonces';
import type { DeviceLookup } from './device-lookup';
import { authenticateDevice } from './verify-device-credential';

export interface DeviceAuthOptions {
  /** The action the device must have signed: `gateway.subscribe`, `gateway.dashboard`, … */
  readonly action: string;
  readonly deviceTypes?: string[];
  readonly lookup: DeviceLookup;
  /** The gateway's used nonces: each credential is accepted once (the server passes its store). */
  readonly nonces?: NonceConsumer;
  /** Channel named in the credential; `mobility` by default. */
  readonly channel?: string;
  /**
   * Also accept the token (no scheme) in this query parameter, for clients that cannot set headers
   * (the browser's EventSource). The header wins when both are present.
   */
  readonly queryParameter?: string;
  readonly clockSkewMs?: number;
  readonly now?: () => number;
}

/** Sends a refusal in the gateway's error format; 401s name the scheme to use. */
export function sendAuthError(reply: FastifyReply, error: DeviceAuthError): FastifyReply {
  if (error.statusCode === 401) reply.header('www-authenticate', `${DEVICE_SCHEME} realm="mobility"`);
  return reply.code(error.statusCode).send(error.toBody());
}

function tokenOf(request: FastifyRequest, queryParameter: string | undefined): string {
  const header = request.headers.authorization;
  if (!header && queryParameter) {
    const value = (request.query as Record<string, unknown> | undefined)?.[queryParameter];
    if (typeof value === 'string' && value) return value;
  }
  return deviceTokenOf(header);
}

/**
 * Authenticates the calling device from its signed credential (see verify-device-credential.ts) and
 * puts it on `request.device`; refuses with 401/403 (503 when the registry cannot be read).
 */
export function deviceAuthHook(options: DeviceAuthOptions): preHandlerHookHandler {
  const { action, deviceTypes, lookup, nonces, channel, queryParameter, clockSkewMs } = options;
  const now = options.now ?? Date.now;
  return async function authenticateDeviceRequest(request: FastifyRequest, reply: FastifyReply) {
    try {
      const credential = decodeDeviceToken(tokenOf(request, queryParameter));
      request.device = await authenticateDevice(credential, {
        action,
        lookup,
        nowMs: now(),
        ...(deviceTypes ? { deviceTypes } : {}),
        ...(nonces ? { nonces } : {}),
        ...(channel ? { channel } : {}),
        ...(clockSkewMs !== undefined ? { clockSkewMs } : {}),
      });
    } catch (error) {
      if (!(error instanceof DeviceAuthError)) throw error;
      request.log.info({ code: error.code, field: error.field }, `device authentication refused: ${error.message}`);
      return sendAuthError(reply, error);
    }
  };
}
