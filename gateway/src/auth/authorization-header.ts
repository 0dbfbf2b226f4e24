import { signedRequestSchema, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/client';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { unauthenticated } from './auth-error';

/**
 * `Authorization: Device <base64url(JSON of a SignedDeviceRequest)>`. The payload is not
 * interpreted here (devices sign `{}`); the action, channel and expiry say what is asked.
 */
export const DEVICE_SCHEME = 'Device';

// A signed request is a few hundred bytes; anything much larger is not one and is not worth decoding.
const MAX_TOKEN_LENGTH = 8192;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+={0,2}$/;
const envelope = TypeCompiler.Compile(signedRequestSchema(Type.Unknown()));

/** The base64url token of a signed request (no scheme), e.g. for `?authorization=` or a custom header. */
export function encodeDeviceToken(request: SignedDeviceRequest): string {
  return Buffer.from(JSON.stringify(request), 'utf8').toString('base64url');
}

/** The full header value: `Device <token>`. */
export function encodeDeviceAuthorization(request: SignedDeviceRequest): string {
  return `${DEVICE_SCHEME} ${encodeDeviceToken(request)}`;
}

/** Splits `Device <token>`; refuses any other scheme or a missing header. */
export function deviceTokenOf(header: string | undefined): string {
  if (!header) throw unauthenticated('authorization', `an Authorization: ${DEVICE_SCHEME} header is required`);
  const match = /^(\S+)\s+(\S+)$/.exec(header.trim());
  if (!match || match[1]?.toLowerCase() !== DEVICE_SCHEME.toLowerCase()) {
    throw unauthenticated('authorization', `the scheme must be ${DEVICE_SCHEME}`);
  }
  return match[2] ?? '';
}

/** Decodes a token into a signed request of the documented shape (signature not yet checked). */
export function decodeDeviceToken(token: string): SignedDeviceRequest {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) {
    throw unauthenticated('authorization', 'is not a base64url token');
  }
  let candidate: unknown;
  try {
    candidate = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw unauthenticated('authorization', 'does not decode to JSON');
  }
  if (!envelope.Check(candidate)) {
    const first = envelope.Errors(candidate).First();
    const field = first?.path ? `authorization${first.path.replace(/\//g, '.')}` : 'authorization';
    throw unauthenticated(field, `is not a signed device request${first ? `: ${first.message}` : ''}`);
  }
  return candidate as SignedDeviceRequest;
}
