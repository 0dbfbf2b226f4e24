import type { FastifyCorsOptions, FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import { REQUEST_ID_HEADER } from '../api/http-answers';

/** What a browser on an allowed origin may send: device credentials, JSON bodies, SSE resume, correlation ids. */
export const CORS_ALLOWED_HEADERS: readonly string[] = ['Authorization', 'Content-Type', 'Last-Event-ID', REQUEST_ID_HEADER];
export const CORS_EXPOSED_HEADERS: readonly string[] = [REQUEST_ID_HEADER];
/** Cookie-authenticated (the auditor dashboard): never readable from another origin. */
export const SAME_ORIGIN_ONLY_PATHS: readonly string[] = ['/v1/auditor', '/dashboard'];

const DISABLED: FastifyCorsOptions = { origin: false };

function isSameOriginOnly(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return SAME_ORIGIN_ONLY_PATHS.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * @fastify/cors options per request: the request's Origin is echoed only when it is one of the
 * configured origins (exact match), never `*`, and without Allow-Credentials (the API authenticates
 * with the Authorization header, not cookies). Other origins, and the dashboard's paths, get no CORS
 * headers at all, so browsers keep them same-origin; their preflights are 404.
 */
export function corsOptionsFor(origins: readonly string[]): FastifyCorsOptionsDelegateCallback {
  const allowed = new Set(origins);
  return (request, callback) => {
    const origin = request.headers.origin;
    if (allowed.size === 0 || !origin || !allowed.has(origin) || isSameOriginOnly(request.url)) {
      callback(null, DISABLED);
      return;
    }
    callback(null, {
      origin,
      methods: ['GET', 'POST'],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      credentials: false,
      maxAge: 600,
    });
  };
}
