/**
 * Just enough of RFC 6265 for one session cookie: reading `Cookie` request headers and writing a
 * `Set-Cookie` value. (No @fastify/cookie dependency for a single cookie.)
 */

/** Cookie names and values as the session uses them: token characters only, no quoting needed. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The named cookie's value, or undefined; a malformed pair is skipped, never thrown on. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== name) continue;
    let value = pair.slice(separator + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}

export interface CookieAttributes {
  readonly path: string;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAgeSeconds: number;
  readonly httpOnly: boolean;
  readonly sameSite: 'Strict' | 'Lax';
  readonly secure: boolean;
}

export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!TOKEN.test(name)) throw new RangeError(`cookie name ${JSON.stringify(name)} is not a token`);
  if (value !== '' && !TOKEN.test(value)) throw new RangeError('cookie value holds characters that need quoting');
  const parts = [`${name}=${value}`, `Path=${attributes.path}`, `Max-Age=${Math.max(0, Math.floor(attributes.maxAgeSeconds))}`, `SameSite=${attributes.sameSite}`];
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.secure) parts.push('Secure');
  return parts.join('; ');
}
