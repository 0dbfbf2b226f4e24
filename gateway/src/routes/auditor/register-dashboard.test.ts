import { signDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { ordinaryHistory, fabricatedAudit } from '@mobility-ledger/auditor/dist/anomaly/testing-history';
import { AUDIT_ID, auditDetail, lot, units } from '@mobility-ledger/auditor/dist/reports/testing-fixture';
import swagger from '@fastify/swagger';
import { expect } from 'chai';
import { Wallet, id } from 'ethers';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { encodeDeviceAuthorization } from '../../auth';
import { registerErrorAnswers } from '../error-answers';
import { LiveBlockFeed } from './live-block-feed';
import { registerAuditorDashboard, type AuditorDashboard } from './register-dashboard';
import { FakeLedger, MemoryAnomalySource, MemoryDeviceLookup, MemoryReportSource } from './testing-ledger';

const auditor = new Wallet(id('dashboard test auditor'));
const verifier = new Wallet(id('dashboard test crowd verifier'));
const stranger = new Wallet(id('dashboard test unregistered'));
let nonce = 0;

async function authorization(wallet: Wallet, action = 'gateway.dashboard'): Promise<string> {
  nonce += 1;
  const request = await signDeviceRequest(wallet, { action, channel: 'mobility', payload: {}, nonce: `dash-test-${nonce}`, expiresAt: Date.now() + 60_000 });
  return encodeDeviceAuthorization(request);
}

const logger = pino({ level: 'silent' });
const idleFeed = () => new LiveBlockFeed({ network: { getBlockEvents: () => new Promise(() => undefined) }, height: async () => 0, logger });

describe('auditor dashboard routes', () => {
  let app: FastifyInstance;
  let webDir: string;
  let lookup: MemoryDeviceLookup;
  let ledger: FakeLedger;
  let dashboard: AuditorDashboard | undefined;

  before(() => {
    webDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-web-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!DOCTYPE html><title>dashboard</title>');
    writeFileSync(path.join(webDir, 'assets', 'dashboard.js'), 'void 0;');
  });
  after(() => rmSync(webDir, { recursive: true, force: true }));

  beforeEach(async () => {
    app = Fastify();
    await app.register(swagger, {
      openapi: { openapi: '3.1.0', info: { title: 'test', version: '1' }, components: { securitySchemes: { deviceRequest: { type: 'apiKey', in: 'header', name: 'Authorization' } } } },
    });
    registerErrorAnswers(app);
    lookup = new MemoryDeviceLookup();
    lookup.set({ address: auditor.address, deviceType: 'auditor-phone', status: 'active', org: 'AuditMSP' });
    lookup.set({ address: verifier.address, deviceType: 'crowd-verifier', status: 'active', org: 'AuditMSP' });
    const history = [...ordinaryHistory(8), fabricatedAudit(8)];
    ledger = new FakeLedger(new MemoryReportSource(lot, units, [auditDetail]), new MemoryAnomalySource(history));
    dashboard = registerAuditorDashboard(app, { mspId: 'AuditMSP', channel: 'mobility', chaincode: 'mobility', lookup, logger, ledger, feed: idleFeed(), webDir });
    await app.ready();
  });
  afterEach(async () => app.close());

  async function login(wallet: Wallet): Promise<{ status: number; cookie?: string; body: unknown }> {
    const answer = await app.inject({ method: 'POST', url: '/v1/auditor/session', headers: { authorization: await authorization(wallet) } });
    const setCookie = answer.headers['set-cookie'];
    return { status: answer.statusCode, body: answer.json(), ...(typeof setCookie === 'string' ? { cookie: setCookie } : {}) };
  }

  const sessionOf = (setCookie: string): string => setCookie.split(';')[0] ?? '';

  it('is served by the AuditMSP gateway only', async () => {
    expect(dashboard?.path).to.equal('/dashboard');
    const other = Fastify();
    registerErrorAnswers(other);
    expect(registerAuditorDashboard(other, { mspId: 'OemMSP', channel: 'mobility', chaincode: 'mobility', lookup, logger, ledger, feed: idleFeed(), webDir })).to.equal(undefined);
    expect((await other.inject('/dashboard')).statusCode).to.equal(404);
    expect((await other.inject('/v1/auditor/session')).statusCode).to.equal(404);
    await other.close();
  });

  it('serves the page and its assets with a CSP that allows nothing from elsewhere, and nothing outside the build', async () => {
    const page = await app.inject('/dashboard');
    expect(page.statusCode).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.headers['content-security-policy']).to.contain("default-src 'none'").and.contain("script-src 'self'");
    const script = await app.inject('/dashboard/assets/dashboard.js');
    expect([script.statusCode, script.headers['content-type']]).to.deep.equal([200, 'text/javascript; charset=utf-8']);
    expect((await app.inject('/dashboard/assets/..%2Findex.html')).statusCode).to.equal(404);
    expect((await app.inject('/dashboard/assets/missing.js')).statusCode).to.equal(404);
  });

  it('logs an auditor device in with a session cookie (HttpOnly, SameSite=Strict, API path only) that the API accepts', async () => {
    const { status, cookie, body } = await login(auditor);
    expect(status).to.equal(200);
    expect(body).to.deep.include({ device: { address: auditor.address, deviceType: 'auditor-phone', org: 'AuditMSP' } });
    expect(cookie).to.match(/^mobility_auditor_session=v1\.[^;]+; Path=\/v1\/auditor; Max-Age=900; SameSite=Strict; HttpOnly$/);
    const session = await app.inject({ url: '/v1/auditor/session', headers: { cookie: sessionOf(cookie ?? '') } });
    expect(session.statusCode).to.equal(200);
    expect((session.json() as { device: { address: string } }).device.address).to.equal(auditor.address);
    expect(session.headers['cache-control']).to.equal('no-store');
  });

  it('refuses other devices: 403 for a registered non-auditor, 401 for an unknown key, a wrong action or no credential', async () => {
    const refused = await login(verifier);
    expect(refused.status).to.equal(403);
    expect(refused.cookie).to.equal(undefined);
    expect(refused.body).to.deep.include({ error: { code: 'PERMISSION_DENIED', field: 'authorization.device', message: `a crowd-verifier may not gateway.dashboard; allowed: auditor-phone` } });
    expect((await login(stranger)).status).to.equal(401);
    const wrongAction = await app.inject({ method: 'POST', url: '/v1/auditor/session', headers: { authorization: await authorization(auditor, 'gateway.subscribe') } });
    expect(wrongAction.statusCode).to.equal(401);
    const none = await app.inject('/v1/auditor/trail/vin/1HGCM82633A004352');
    expect(none.statusCode).to.equal(401);
    expect(none.headers['www-authenticate']).to.equal('Device realm="mobility"');
    expect((none.json() as { error: { field: string } }).error.field).to.equal('session');
    const direct = await app.inject({ url: '/v1/auditor/lots', headers: { authorization: await authorization(verifier) } });
    expect(direct.statusCode).to.equal(403);
  });

  it('ends a session on logout, on a tampered cookie, and as soon as the device is suspended', async () => {
    const first = sessionOf((await login(auditor)).cookie ?? '');
    expect((await app.inject({ url: '/v1/auditor/lots', headers: { cookie: `${first.slice(0, -3)}abc` } })).statusCode).to.equal(401);
    const logout = await app.inject({ method: 'DELETE', url: '/v1/auditor/session', headers: { cookie: first } });
    expect(logout.statusCode).to.equal(200);
    expect(logout.headers['set-cookie']).to.match(/^mobility_auditor_session=; Path=\/v1\/auditor; Max-Age=0;/);
    expect((await app.inject({ url: '/v1/auditor/lots', headers: { cookie: first } })).statusCode).to.equal(401);

    const second = sessionOf((await login(auditor)).cookie ?? '');
    lookup.set({ address: auditor.address, deviceType: 'auditor-phone', status: 'suspended', org: 'AuditMSP' });
    const suspended = await app.inject({ url: '/v1/auditor/lots', headers: { cookie: second } });
    expect(suspended.statusCode).to.equal(403);
    expect((suspended.json() as { error: { code: string } }).error.code).to.equal('PERMISSION_DENIED');
  });

  describe('with a session', () => {
    let cookie: string;
    beforeEach(async () => {
      cookie = sessionOf((await login(auditor)).cookie ?? '');
    });
    const get = (url: string) => app.inject({ url, headers: { cookie } });

    it('serves an audit with the path drawn over the lot (vehicles, rings) by the reports’ renderer', async () => {
      const answer = await get(`/v1/auditor/audits/${AUDIT_ID}`);
      expect(answer.statusCode).to.equal(200);
      const view = answer.json() as { lot: { lotId: string }; summary: { auditId: string; outcome: string }; pathSvg: string; anomaly: { status: string } };
      expect(view.lot.lotId).to.equal(lot.lotId);
      expect(view.summary).to.deep.include({ auditId: AUDIT_ID, outcome: 'FAIL' });
      expect(view.pathSvg).to.contain('<polyline class="audit-path"');
      expect(view.pathSvg.match(/<circle class="ring ring-/g)).to.have.length(4);
      expect(view.anomaly.status).to.equal('unavailable');
      const missing = await get(`/v1/auditor/audits/${'c'.repeat(64)}`);
      expect([missing.statusCode, (missing.json() as { error: { code: string } }).error.code]).to.deep.equal([404, 'NOT_FOUND']);
      expect((await get('/v1/auditor/audits/not-an-id')).statusCode).to.equal(400);
    });

    it('downloads the lot report as CSV, HTML and PDF attachments', async () => {
      const csv = await get(`/v1/auditor/reports/lots/${lot.lotId}?format=csv`);
      expect(csv.statusCode).to.equal(200);
      expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).to.equal('attachment; filename="lot-lot-7-report.csv"');
      expect(csv.body.split('\r\n')[0]).to.match(/^lot_?id|^lotId/i);
      const html = await get(`/v1/auditor/reports/lots/${lot.lotId}`);
      expect(html.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(html.headers['content-security-policy']).to.contain('sandbox');
      const pdf = await get(`/v1/auditor/reports/lots/${lot.lotId}?format=pdf&audit=${AUDIT_ID}`);
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      expect((await get(`/v1/auditor/reports/lots/${lot.lotId}?format=docx`)).statusCode).to.equal(400);
    });

    it('charts the audits with their anomaly scores and draws FIG. 15 for the outlier', async () => {
      const answer = (await get('/v1/auditor/anomalies')).json() as { audits: { auditId: string; score?: { flagged: boolean } }[]; chartSvg: string; focus?: { auditId: string; chartSvg: string } };
      expect(answer.audits).to.have.length(9);
      const outlier = fabricatedAudit(8).auditId;
      expect(answer.audits.filter((audit) => audit.score?.flagged).map((audit) => audit.auditId)).to.deep.equal([outlier]);
      expect(answer.focus?.auditId).to.equal(outlier);
      expect(answer.focus?.chartSvg).to.contain(`data-audit-id="${outlier}"`);
      expect(answer.chartSvg.match(/class="audit-point /g)).to.have.length(9);
    });

    it('passes the evidence choice through and answers with an attachment; lists lots and searches them', async () => {
      const tx = 'e'.repeat(64);
      const evidence = await get(`/v1/auditor/evidence/audit/${AUDIT_ID}?key=${encodeURIComponent(`vinaudit-audit/${AUDIT_ID}`)}&tx=${tx}`);
      expect(evidence.statusCode).to.equal(200);
      expect(evidence.headers['content-disposition']).to.equal(`attachment; filename="evidence-audit-${AUDIT_ID.slice(0, 24)}-${tx.slice(0, 12)}.json"`);
      expect(ledger.evidenceCalls).to.deep.equal([{ kind: 'audit', id: AUDIT_ID, choice: { key: `vinaudit-audit/${AUDIT_ID}`, txId: tx } }]);
      expect((await get('/v1/auditor/evidence/boat/1')).statusCode).to.equal(400);
      expect(((await get('/v1/auditor/lots')).json() as { lots: { lotId: string }[] }).lots.map((entry) => entry.lotId)).to.deep.equal([lot.lotId]);
      const search = (await get(`/v1/auditor/search?q=${lot.lotId}`)).json() as { matches: { kind: string; id: string; keys: number }[] };
      expect(search.matches).to.deep.equal([{ kind: 'lot', id: lot.lotId, keys: units.length, label: `Lot ${lot.lotId}: ${lot.name}` }]);
    });

    it('documents its API routes in OpenAPI, and not the page', async () => {
      const document = app.swagger() as { paths: Record<string, Record<string, { operationId?: string; security?: unknown }>> };
      expect(document.paths['/v1/auditor/trail/{kind}/{id}']?.get?.operationId).to.equal('auditor.trail');
      expect(document.paths['/v1/auditor/session']?.post?.operationId).to.equal('auditor.login');
      expect(document.paths['/v1/auditor/live']?.get?.security).to.deep.equal([{ deviceRequest: [] }]);
      expect(document.paths['/dashboard']).to.equal(undefined);
    });
  });
});
