import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { authenticateDevice, decodeDeviceToken, DeviceAuthError, DeviceLookupError, deviceAuthHook, deviceTokenOf, sendAuthError, type DeviceLookup, type NonceConsumer } from '../../auth';
import { readCookie } from './cookies';
import { SessionTokenError, type SessionClaims, type SessionTokens } from './session-token';

/** What an auditor's device signs to open the dashboard (docs/GATEWAY-API-BRIEF.md). */
export const DASHBOARD_ACTION = 'gateway.dashboard';
/** Auditor identities: devices of this type (only AuditMSP may vouch for them, chaincode/src/devices). */
export const AUDITOR_DEVICE_TYPES: readonly string[] = ['auditor-phone'];
export const SESSION_COOKIE = 'mobility_auditor_session';
/** The cookie goes only to the dashboard's API, not to the gateway's other routes. */
export const SESSION_COOKIE_PATH = '/v1/auditor';

declare module 'fastify' {
  interface FastifyRequest {
    dashboardSession?: SessionClaims;
  }
}

export interface AuditorAuthOptions {
  readonly lookup: DeviceLookup;
  readonly tokens: SessionTokens;
  readonly channel: string;
  readonly deviceTypes?: readonly string[];
  /** The gateway's used nonces: a login credential (or a script's signed call) works once. */
  readonly nonces?: NonceConsumer;
}

export interface AuditorAuth {
  /** Login: `Authorization: Device …` signed for gateway.dashboard by an active auditor device. */
  readonly login: preHandlerHookHandler;
  /** API calls: the session cookie (or, for scripts, the same Device header as the login). */
  readonly session: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
}

const refuse = (code: 'UNAUTHENTICATED' | 'PERMISSION_DENIED', message: string): DeviceAuthError => new DeviceAuthError(code, 'session', message);

export function auditorAuth(options: AuditorAuthOptions): AuditorAuth {
  const deviceTypes = [...(options.deviceTypes ?? AUDITOR_DEVICE_TYPES)];
  const nonces = options.nonces ? { nonces: options.nonces } : {};
  const login = deviceAuthHook({ action: DASHBOARD_ACTION, deviceTypes, lookup: options.lookup, channel: options.channel, ...nonces });

  /** The registry again on every call (cached for seconds): a suspended auditor loses access at once. */
  async function currentDevice(claims: SessionClaims): Promise<void> {
    let device: Awaited<ReturnType<DeviceLookup['getDevice']>>;
    try {
      device = await options.lookup.getDevice(claims.device.address);
    } catch (error) {
      if (error instanceof DeviceLookupError) throw new DeviceAuthError('PEER_UNAVAILABLE', 'session', error.message);
      throw error;
    }
    if (!device) throw refuse('UNAUTHENTICATED', `device ${claims.device.address} is no longer registered`);
    if (device.status !== 'active') throw refuse('PERMISSION_DENIED', `device ${claims.device.address} is ${device.status}`);
    if (!deviceTypes.includes(device.deviceType)) throw refuse('PERMISSION_DENIED', `a ${device.deviceType} may not use the auditor dashboard`);
  }

  const session = async function dashboardSession(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const header = request.headers.authorization;
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    try {
      if (header) {
        // Scripts may skip the cookie and sign each call, with the same checks as the login.
        const credential = decodeDeviceToken(deviceTokenOf(header));
        request.device = await authenticateDevice(credential, { action: DASHBOARD_ACTION, deviceTypes, lookup: options.lookup, channel: options.channel, ...nonces });
        return undefined;
      }
      if (!token) throw refuse('UNAUTHENTICATED', 'log in to the dashboard first (POST /v1/auditor/session)');
      let claims: SessionClaims;
      try {
        claims = options.tokens.verify(token);
      } catch (error) {
        if (error instanceof SessionTokenError) throw refuse('UNAUTHENTICATED', `${error.message}; log in again`);
        throw error;
      }
      await currentDevice(claims);
      request.device = claims.device;
      request.dashboardSession = claims;
      return undefined;
    } catch (error) {
      if (!(error instanceof DeviceAuthError)) throw error;
      request.log.info({ code: error.code, field: error.field }, `dashboard session refused: ${error.message}`);
      return sendAuthError(reply, error);
    }
  };

  return { login, session };
}
