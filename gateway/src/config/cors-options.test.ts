import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CountingLedger, testGatewayServer } from '../auth/test-gateway-server';
import type { GatewayServer } from '../server';
import { ConfigError } from './gateway-config';
import { configFromEnv, loadConfig } from './load-config';

const APP = 'https://app.example';

describe('CORS: cross-origin browsers (corsOrigins)', () => {
  let dataDir: string;
  let server: GatewayServer;

  const preflight = (url: string, origin: string, requestHeaders = 'authorization,content-type') =>
    server.app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders } });

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-cors-'));
    server = await testGatewayServer(dataDir, new CountingLedger(), { corsOrigins: [APP], mspId: 'AuditMSP' });
  });

  afterEach(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('allows a preflight from a configured origin: that origin (never *), the API’s headers, no credentials', async () => {
    const answer = await preflight('/v1/rideshare/rides', APP);
    expect(answer.statusCode).to.equal(204);
    expect(answer.headers['access-control-allow-origin']).to.equal(APP);
    expect(answer.headers['access-control-allow-credentials']).to.equal(undefined);
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)).to.have.members(['authorization', 'content-type', 'last-event-id', 'x-request-id']);
    expect(String(answer.headers['access-control-allow-methods'])).to.contain('POST');
    expect(String(answer.headers.vary)).to.match(/origin/i);
  });

  it('exposes x-request-id on an allowed origin’s request', async () => {
    const answer = await server.app.inject({ method: 'GET', url: '/v1/rideshare/terms', headers: { origin: APP } });
    expect(answer.headers['access-control-allow-origin']).to.equal(APP);
    expect(answer.headers['access-control-expose-headers']).to.equal('x-request-id');
  });

  it('refuses another origin (no Access-Control-Allow-Origin), and the dashboard even for a configured one', async () => {
    for (const [url, origin] of [
      ['/v1/rideshare/rides', 'https://evil.example'],
      ['/v1/rideshare/rides', 'https://app.example.evil.example'],
      ['/v1/rideshare/rides', 'http://app.example'],
      ['/v1/auditor/session', APP],
      ['/dashboard', APP],
    ] as const) {
      const answer = await preflight(url, origin);
      expect(answer.headers['access-control-allow-origin'], `${origin} ${url}`).to.equal(undefined);
      expect(answer.statusCode, `${origin} ${url}`).to.equal(404);
    }
    const simple = await server.app.inject({ method: 'GET', url: '/v1/rideshare/terms', headers: { origin: 'https://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).to.equal(undefined);
  });

  it('is same-origin only by default, reads GATEWAY_CORS_ORIGINS, and refuses * or an origin with a path', async () => {
    await server.close();
    server = await testGatewayServer(dataDir, new CountingLedger());
    expect((await preflight('/v1/rideshare/rides', APP)).headers['access-control-allow-origin']).to.equal(undefined);
    expect(configFromEnv({ GATEWAY_CORS_ORIGINS: ' https://a.example, http://localhost:5173 ,' }).corsOrigins).to.deep.equal(['https://a.example', 'http://localhost:5173']);
    const required = { mspId: 'OemMSP', peer: { endpoint: 'localhost:1', tlsRootCertPath: '/x' }, identity: { certPath: '/x', keyPath: '/x' }, dataDir: '/x' };
    expect(loadConfig({ env: {}, overrides: required }).corsOrigins).to.deep.equal([]);
    expect(() => loadConfig({ env: { GATEWAY_CORS_ORIGINS: '*' }, overrides: required })).to.throw(ConfigError, /corsOrigins/);
    expect(() => loadConfig({ env: { GATEWAY_CORS_ORIGINS: 'https://a.example/' }, overrides: required })).to.throw(ConfigError, /corsOrigins/);
  });
});
