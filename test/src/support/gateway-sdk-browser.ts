import { buildBrowserSdk } from '@mobility-ledger/gateway/dist/sdk/build-browser';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Chromium to drive: CHROMIUM_PATH, Debian's package, or Playwright's download; undefined when none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', chromium.executablePath()];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

/**
 * A page that loads the SDK's IIFE bundle (built afresh) from an origin that also forwards `/v1/…` to
 * a gateway, so the page calls the gateway same-origin as a web app behind a reverse proxy would.
 */
export class BrowserSdkPage {
  private constructor(
    private readonly server: Server,
    private readonly bundleDir: string,
    readonly origin: string,
  ) {}

  static async serve(gatewayUrl: string): Promise<BrowserSdkPage> {
    const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-sdk-page-'));
    const [bundle] = (await buildBrowserSdk({ outDir: bundleDir, minify: true })).files;
    const code = readFileSync(bundle ?? '');
    const server = createServer((request, response) => {
      if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>sdk</title><script src="/mobility-sdk.js"></script>');
      } else if (request.url === '/mobility-sdk.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(code);
      } else if (request.url === '/favicon.ico') {
        response.writeHead(204).end();
      } else {
        const upstream = httpRequest(new URL(request.url ?? '/', gatewayUrl), { method: request.method, headers: request.headers }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        upstream.on('error', () => response.destroy());
        request.pipe(upstream);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new BrowserSdkPage(server, bundleDir, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** Runs `script` (a function of the SDK global) in headless Chromium on the page; returns its JSON result. */
  async run<T>(executablePath: string, script: string): Promise<T> {
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(this.origin);
      return (await page.evaluate(`(${script})(window.MobilitySdk)`)) as T;
    } finally {
      await browser.close();
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.bundleDir, { recursive: true, force: true });
  }
}
