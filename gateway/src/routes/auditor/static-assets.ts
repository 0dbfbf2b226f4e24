import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';

/**
 * The dashboard page and its bundled assets (auditor/web, built by auditor/web/build.ts into
 * auditor/dist/web: index.html, assets/dashboard.{js,css}, the SDK's assets/mobility-sdk.js). Read
 * per request: they are small, and a rebuild needs no gateway restart.
 */
export const DEFAULT_WEB_DIR = path.join(path.dirname(require.resolve('@mobility-ledger/auditor/package.json')), 'dist', 'web');

/** Nothing from elsewhere: no CDN, fonts, map tiles or inline script; SVG comes from the gateway's own API. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(js|css|map|svg)$/;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache');
}

/** Sends one file of the web build; 404 for names outside it, 503 when the dashboard was never built. */
export async function sendWebFile(reply: FastifyReply, webDir: string, relative: 'index.html' | `assets/${string}`): Promise<FastifyReply> {
  const name = path.basename(relative);
  if (relative !== 'index.html' && (!ASSET_NAME.test(name) || relative !== `assets/${name}`)) {
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no dashboard asset ${name}` } });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(webDir, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (relative === 'index.html') {
      return reply.code(503).type('text/plain; charset=utf-8').send(`The auditor dashboard is not built (no ${path.join(webDir, relative)}): run \`npx tsx auditor/web/build.ts\`.\n`);
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no dashboard asset ${name}` } });
  }
  return securityHeaders(reply).type(CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream').send(bytes);
}
