import { createHash, timingSafeEqual } from 'node:crypto';
import { DeviceAuthError } from '../auth';

/**
 * Org apps (the org's own back office) read the `org:<MSP>` stream of their gateway with the
 * gateway's operator token: `Authorization: Bearer <token>`, configured on the gateway (never sent
 * to devices). Without a configured token the org stream is closed.
 */
export const BEARER = /^Bearer\s+(\S+)$/i;

export function isBearer(header: string | undefined): boolean {
  return header !== undefined && /^Bearer\s/i.test(header.trim());
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Checks the bearer token against the configured one in constant time; throws 401 otherwise. */
export function verifyOperatorToken(header: string | undefined, configured: string | undefined): void {
  if (!configured) throw new DeviceAuthError('UNAUTHENTICATED', 'authorization', 'org streams are not enabled on this gateway');
  const token = BEARER.exec(header?.trim() ?? '')?.[1];
  if (!token || !timingSafeEqual(digest(token), digest(configured))) {
    throw new DeviceAuthError('UNAUTHENTICATED', 'authorization', 'the operator token is not valid');
  }
}
