import { checkBundle } from '@mobility-ledger/auditor/dist/evidence/verify-bundle';
import { loadConfig } from '@mobility-ledger/gateway/dist/config/load-config';
import { configFromNetworkDataDir } from '@mobility-ledger/gateway/dist/config/network-config';
import { createGatewayServer, type GatewayServer } from '@mobility-ledger/gateway/dist/server';
import { expect } from 'chai';
import { Wallet, encryptKeystoreJson, id } from 'ethers';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DashboardBrowser, buildDashboardWeb, chromiumAvailable } from '../support/dashboard-browser';
import { DASHBOARD_LOT, DashboardScenario, VIN, type DashboardLedger } from '../support/dashboard-scenario';
import { E2eDevice } from '../support/e2e-devices';
import { E2eNetwork } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';

/** Ports: Fabric defaults + this offset; the AuditMSP gateway listens on 3003 + offset. */
const PORT_OFFSET = 11300;
const SCREENSHOT = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'auditor-dashboard.png');
const KEYSTORE_PASSWORD = 'correct horse battery staple';

async function startGateway(dataDir: string, mspId: string): Promise<GatewayServer> {
  const config = loadConfig({ env: {}, base: configFromNetworkDataDir({ dataDir, mspId, portOffset: PORT_OFFSET }), overrides: { logLevel: 'warn', http: { host: '127.0.0.1' } } });
  return createGatewayServer({ config, events: false });
}

describe('end to end: the auditor dashboard in headless Chromium, over the AuditMSP gateway and the embedded network', function () {
  this.timeout(240_000);
  let network: E2eNetwork | undefined;
  let gateway: GatewayServer | undefined;
  let oemGateway: GatewayServer | undefined;
  let browser: DashboardBrowser | undefined;
  let baseUrl: string;
  let ledger: DashboardLedger;
  let scenario: DashboardScenario;
  /** The dashboard user: an auditor phone vouched for by AuditMSP, and a device of another type. */
  const dashboardAuditor = new E2eDevice('auditor-phone', new Wallet(id('e2e device:dashboard supervising auditor')));
  const crowdVerifier = E2eDevice.fromSeed('crowd-verifier', 'dashboard verifier 0');

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    const [started] = await Promise.all([E2eNetwork.start(PORT_OFFSET), buildDashboardWeb()]);
    network = started;
    const dataDir = network.process.ready.dataDir;
    gateway = await startGateway(dataDir, 'AuditMSP');
    oemGateway = await startGateway(dataDir, 'OemMSP');
    baseUrl = await gateway.listen();
    await oemGateway.listen();
    scenario = new DashboardScenario(network);
    await scenario.register(dashboardAuditor, 'audit');
    ledger = await scenario.run();
    expect(ledger.outcome).to.equal('FAIL');
    expect(ledger.fraudTypes).to.deep.equal(['motion-absent', 'path-not-near-vehicle', 'vehicle-location']);
    browser = await DashboardBrowser.open(`${baseUrl}/dashboard`);
  });

  after(async () => {
    await browser?.close();
    await gateway?.close();
    await oemGateway?.close();
    await tearDownNetwork(network);
  });

  it('is served by the AuditMSP gateway only, with no resource from elsewhere', async () => {
    const oemUrl = `http://127.0.0.1:${3001 + PORT_OFFSET}`;
    expect((await fetch(`${oemUrl}/dashboard`)).status).to.equal(404);
    expect((await fetch(`${oemUrl}/v1/auditor/session`, { method: 'POST' })).status).to.equal(404);
    const page = await fetch(`${baseUrl}/dashboard`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.contain("default-src 'none'");
    const html = await page.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(references.filter((reference) => !reference.startsWith('/dashboard/assets/') && reference !== 'data:,')).to.deep.equal([]);
    expect((await fetch(`${baseUrl}/v1/auditor/trail/vin/${VIN.fusion}`)).status).to.equal(401);
  });

  it('refuses a device that is not an auditor (403), and shows why', async () => {
    const page = browser?.page;
    if (!page) throw new Error('no browser');
    await page.waitForSelector('#login:not([hidden])');
    const [answer] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/v1/auditor/session') && response.request().method() === 'POST'), browser?.logInWithPrivateKey(crowdVerifier.wallet.privateKey)]);
    expect(answer.status()).to.equal(403);
    await page.waitForSelector('#login-error:not([hidden])');
    expect(await page.textContent('#login-error')).to.contain('crowd-verifier may not gateway.dashboard');
    expect(await page.isHidden('#app')).to.equal(true);
    expect(await browser?.context.cookies()).to.deep.equal([]);
  });

  it('logs the auditor in from an encrypted keystore; the session cookie is HttpOnly and SameSite=Strict', async () => {
    const page = browser?.page;
    if (!page) throw new Error('no browser');
    // A cheap scrypt cost keeps the suite fast; the page decrypts any Web3 Secret Storage file.
    const keystore = await encryptKeystoreJson({ address: dashboardAuditor.address, privateKey: dashboardAuditor.wallet.privateKey }, KEYSTORE_PASSWORD, { scrypt: { N: 1024 } });
    await browser?.logInWithKeyFile('auditor-keystore.json', keystore, KEYSTORE_PASSWORD);
    await page.waitForSelector('#app:not([hidden])');
    expect(await page.getAttribute('#session-info', 'data-device')).to.equal(dashboardAuditor.address);
    const cookies = (await browser?.context.cookies()) ?? [];
    expect(cookies.map(({ name, httpOnly, sameSite, path: cookiePath }) => ({ name, httpOnly, sameSite, path: cookiePath }))).to.deep.equal([
      { name: 'mobility_auditor_session', httpOnly: true, sameSite: 'Strict', path: '/v1/auditor' },
    ]);
    expect(await page.evaluate('document.cookie')).to.equal('');
    await page.waitForSelector('#live-status[data-state="connected"]');
  });

  it('searches a VIN: its trail lists the submitted transactions with block, time, submitter, devices, endorsers and validation code', async () => {
    const page = browser?.page;
    if (!page) throw new Error('no browser');
    await browser?.search(VIN.fusion);
    await page.waitForSelector(`#trail li.tx[data-tx-id="${ledger.prePairTxId}"]`);
    const shown = (await browser?.trailTxIds()) ?? [];
    expect(shown).to.include(ledger.recordVehiclesTxId).and.include(ledger.prePairTxId);
    for (const txId of shown) expect(ledger.submitted.has(txId), `${txId} was submitted by this suite`).to.equal(true);
    expect(new Set(shown).size).to.equal(shown.length);
    const blocks = await page.$$eval('#trail li.tx', (items) => items.map((item) => Number(item.getAttribute('data-block'))));
    expect(blocks).to.deep.equal([...blocks].sort((a, b) => b - a));
    expect(await page.$$eval('#trail li.tx', (items) => items.map((item) => item.getAttribute('data-validation')))).to.satisfy((codes: string[]) => codes.every((code) => code === 'VALID'));
    const prePair = (await page.textContent(`#trail li.tx[data-tx-id="${ledger.prePairTxId}"]`)) ?? '';
    expect(prePair).to.contain('pairing:PrePair').and.contain('OemMSP').and.contain('AuditMSP').and.contain(scenario.owner.address).and.contain('pairing.requestPrePairing');
    expect(prePair).to.match(/Block \d+ · tx \d+/).and.match(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    const recorded = (await page.textContent(`#trail li.tx[data-tx-id="${ledger.recordVehiclesTxId}"]`)) ?? '';
    expect(recorded).to.contain('vinaudit.lots:RecordVehicles').and.contain('AuditMSP');
  });

  it('opens the audit from the VIN’s lot: the path drawing shows both vehicles and their fraud-factor-2 rings', async () => {
    const page = browser?.page;
    if (!page) throw new Error('no browser');
    await page.click(`#trail-panel button.related-lot[data-id="${DASHBOARD_LOT}"]`);
    await page.click(`#lot-panel button.open-audit[data-audit-id="${ledger.auditId}"]`);
    await page.waitForSelector('#audit-path svg.audit-path-map');
    expect(await page.textContent('#audit-outcome')).to.equal('FAIL');
    expect(await page.$$eval('#audit-path svg g.vehicle', (groups) => groups.length)).to.equal(2);
    expect(await page.$$eval('#audit-path svg circle.ring', (rings) => rings.map((ring) => ring.getAttribute('class')).sort())).to.deep.equal(['ring ring-not-reached', 'ring ring-reached']);
    expect(await page.$$eval('#audit-path svg polyline.audit-path', (lines) => lines.length)).to.equal(1);
    expect(await page.textContent('#audit-panel .notice')).to.contain('motion-absent');
    expect(await page.$$eval('#audit-panel tr[data-vin]', (rows) => rows.map((row) => row.getAttribute('data-vin')).sort())).to.deep.equal([VIN.tundra, VIN.fusion].sort());
    await page.waitForSelector('#audits-chart svg g.audit-point');
    expect(await page.$$eval(`#audits-chart svg g.audit-point[data-audit-id="${ledger.auditId}"]`, (points) => points.length)).to.equal(1);
  });

  it('shows a new transaction as it commits, in the live feed and in the open trail', async () => {
    const page = browser?.page;
    if (!page) throw new Error('no browser');
    const { txId } = await scenario.submit('audit', 'vinaudit.lots:RecordException', { lotId: DASHBOARD_LOT, unitId: ledger.unitIds.fusion, reason: 'demo' });
    await page.waitForSelector(`#live-feed li[data-tx-id="${txId}"]`);
    expect(await page.textContent(`#live-feed li[data-tx-id="${txId}"]`)).to.contain('vinaudit.lots:RecordException').and.contain('VALID');
    await page.waitForSelector(`#trail li.tx.fresh[data-tx-id="${txId}"]`);
    expect((await browser?.trailTxIds())?.[0]).to.equal(txId);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('downloads the lot report (PDF, CSV) and an evidence bundle that verifies offline', async () => {
    const pdf = await browser?.download('#audit-panel a.report-pdf');
    expect(pdf?.name).to.equal(`lot-${DASHBOARD_LOT}-report.pdf`);
    expect(pdf?.bytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const csv = await browser?.download('#lot-panel a.lot-report-csv');
    expect(csv?.name).to.equal(`lot-${DASHBOARD_LOT}-report.csv`);
    const text = csv?.bytes.toString('utf8') ?? '';
    // A header, then one row per VIN of the audit.
    expect(text.split('\r\n').filter(Boolean)).to.have.length(3);
    expect(text).to.contain(`,${VIN.fusion},`).and.contain(`,${VIN.tundra},`);
    const evidence = await browser?.download(`#trail li.tx[data-tx-id="${ledger.recordVehiclesTxId}"] a.evidence`);
    const bundle = JSON.parse(evidence?.bytes.toString('utf8') ?? '{}') as { record: { txId: string; keyDisplay: string } };
    expect(bundle.record.txId).to.equal(ledger.recordVehiclesTxId);
    expect(bundle.record.keyDisplay).to.equal(`vinaudit-unit/${DASHBOARD_LOT}/${ledger.unitIds.fusion}`);
    const outcome = checkBundle(bundle, { type: 'genesis' });
    expect(outcome.ok, outcome.ok ? '' : outcome.message).to.equal(true);
  });

  it('logs out: the page returns to the login and the old session no longer works', async () => {
    const page = browser?.page;
    if (!page) throw new Error('no browser');
    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])');
    const status = await page.evaluate(async () => (await fetch('/v1/auditor/lots')).status);
    expect(status).to.equal(401);
    expect(browser?.consoleErrors.filter((text) => !/401|403|Unauthorized|Forbidden/.test(text))).to.deep.equal([]);
  });
});
