import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedDevice } from '../../auth';

/**
 * Dashboard sessions: a stateless token `v1.<claims>.<mac>` (base64url JSON claims, HMAC-SHA256 under
 * a secret that lives only in this process), so a restart logs every auditor out and nothing is
 * stored per session except logouts until their tokens would have expired anyway.
 */
export const SESSION_TOKEN_VERSION = 'v1';
export const DEFAULT_SESSION_TTL_MS = 15 * 60 * 1000;

export interface SessionClaims {
  readonly device: AuthenticatedDevice;
  /** The gateway's org that issued it: a token is not valid on another org's gateway. */
  readonly issuer: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  /** Random: names the session for logout. */
  readonly sessionId: string;
}

export type SessionRejection = 'malformed' | 'signature' | 'expired' | 'issuer' | 'logged-out';

export class SessionTokenError extends Error {
  constructor(readonly reason: SessionRejection) {
    super(`the dashboard session is not valid (${reason})`);
    this.name = 'SessionTokenError';
  }
}

interface WireClaims {
  a: string;
  t: string;
  o: string;
  g: string;
  i: number;
  e: number;
  s: string;
}

function isWireClaims(value: unknown): value is WireClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    ['a', 't', 'o', 'g', 's'].every((name) => typeof claims[name] === 'string') &&
    Number.isSafeInteger(claims.i) &&
    Number.isSafeInteger(claims.e)
  );
}

export interface SessionTokensOptions {
  readonly issuer: string;
  readonly ttlMs?: number;
  /** 32 random bytes per process unless given (tests). */
  readonly secret?: Uint8Array;
  readonly now?: () => number;
}

export class SessionTokens {
  readonly ttlMs: number;
  private readonly secret: Buffer;
  private readonly now: () => number;
  private readonly loggedOut = new Map<string, number>();

  constructor(private readonly options: SessionTokensOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.secret = Buffer.from(options.secret ?? randomBytes(32));
    if (this.secret.length < 32) throw new RangeError('the session secret must have at least 32 bytes');
    this.now = options.now ?? Date.now;
  }

  issue(device: AuthenticatedDevice): { token: string; claims: SessionClaims } {
    const issuedAtMs = this.now();
    const claims: SessionClaims = {
      device: { address: device.address, deviceType: device.deviceType, org: device.org },
      issuer: this.options.issuer,
      issuedAtMs,
      expiresAtMs: issuedAtMs + this.ttlMs,
      sessionId: randomBytes(12).toString('base64url'),
    };
    const wire: WireClaims = { a: claims.device.address, t: claims.device.deviceType, o: claims.device.org, g: claims.issuer, i: claims.issuedAtMs, e: claims.expiresAtMs, s: claims.sessionId };
    const body = `${SESSION_TOKEN_VERSION}.${Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url')}`;
    return { token: `${body}.${this.mac(body)}`, claims };
  }

  /** The claims of a token this process issued, unexpired and not logged out; throws SessionTokenError otherwise. */
  verify(token: string): SessionClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== SESSION_TOKEN_VERSION || token.length > 2048) throw new SessionTokenError('malformed');
    const body = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.mac(body), 'utf8');
    const given = Buffer.from(parts[2] ?? '', 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new SessionTokenError('signature');
    let wire: unknown;
    try {
      wire = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    } catch {
      throw new SessionTokenError('malformed');
    }
    if (!isWireClaims(wire)) throw new SessionTokenError('malformed');
    if (wire.g !== this.options.issuer) throw new SessionTokenError('issuer');
    if (wire.e <= this.now()) throw new SessionTokenError('expired');
    if (this.loggedOut.has(wire.s)) throw new SessionTokenError('logged-out');
    return { device: { address: wire.a, deviceType: wire.t, org: wire.o }, issuer: wire.g, issuedAtMs: wire.i, expiresAtMs: wire.e, sessionId: wire.s };
  }

  /** Ends a session before its expiry (remembered until then). */
  logout(claims: SessionClaims): void {
    const now = this.now();
    for (const [sessionId, expiresAtMs] of this.loggedOut) if (expiresAtMs <= now) this.loggedOut.delete(sessionId);
    this.loggedOut.set(claims.sessionId, claims.expiresAtMs);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body, 'utf8').digest('base64url');
  }
}
