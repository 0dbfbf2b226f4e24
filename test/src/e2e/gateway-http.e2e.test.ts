import { keyPartCommitment, openingCommitment } from '@mobility-ledger/chaincode/dist/rideshare/ride-hashes';
import {
  ROUTES,
  configFromNetworkDataDir,
  createGatewayServer,
  loadConfig,
  startDevStack,
  type DevStack,
  type GatewayServer,
} from '@mobility-ledger/gateway';
import { expect } from 'chai';
import { id } from 'ethers';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { E2eDevice } from '../support/e2e-devices';
import { GatewayHttp, deviceAuthorization, type ErrorBody, type WriteBody } from '../support/gateway-http';

/** This suite's ports: the network's defaults + 10800, the gateways' 3001–3003 (+ 3004 for one without retries) + 10800. */
const PORT_OFFSET = 10800;
const NO_RETRY_PORT = 3004 + PORT_OFFSET;
const VIN = '1HGCM82633A004352';
const LOT = { lotId: 'lot-gateway-e2e', name: 'Gateway Motors', dealerName: 'Gateway Motors LLC', location: { latE6: 32_715_000, lonE6: -117_161_000 }, radiusMm: 200_000, listMode: 'descriptions' };

const hex = (label: string): string => id(`gateway http e2e:${label}`).slice(2);

describe('end to end: the device gateway’s HTTP API over the embedded network', function () {
  this.timeout(180_000);
  let stack: DevStack;
  let oem: GatewayHttp;
  let operator: GatewayHttp;
  let lender: GatewayHttp;
  let noRetry: GatewayServer | undefined;

  before(async () => {
    stack = await startDevStack({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'mobility-gateway-e2e-')),
      portOffset: PORT_OFFSET,
      batchTimeoutMs: 50,
      logger: pino({ level: 'warn' }),
      gatewayConfig: { retry: { mvccRetries: 8, baseDelayMs: 10, maxDelayMs: 200 } },
    });
    [oem, operator, lender] = ['OemMSP', 'MobilityMSP', 'AuditMSP'].map((mspId) => new GatewayHttp(stack.gateway(mspId).url)) as [GatewayHttp, GatewayHttp, GatewayHttp];
  });

  after(async () => {
    await noRetry?.close();
    const dataDir = stack?.network.ready.dataDir;
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is healthy, and echoes or assigns a request id', async () => {
    for (const gateway of [oem, operator, lender]) {
      const health = await gateway.get<{ status: string }>('/healthz', { 'x-request-id': 'e2e-health-check' });
      expect([health.status, health.body.status]).to.deep.equal([200, 'OK']);
      expect(health.headers.get('x-request-id')).to.equal('e2e-health-check');
    }
    const assigned = await oem.get('/v1/pairing/config');
    expect(assigned.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('devices: registers a self-signed device through its org’s gateway and reads it through another', async () => {
    const phone = E2eDevice.fromSeed('owner-phone', 'gateway e2e phone');
    const registration = await phone.sign('devices.register', { publicKey: phone.wallet.signingKey.publicKey, type: 'owner-phone', label: 'Ann' });
    const written = await oem.post<WriteBody>('/v1/devices', registration);
    expect(written.status).to.equal(200);
    expect(written.body.txId).to.match(/^[0-9a-f]{64}$/);
    expect(written.body.blockNumber).to.match(/^[1-9][0-9]*$/);
    expect(written.body.result).to.include({ address: phone.address, org: 'OemMSP', status: 'active', label: 'Ann' });
    const read = await lender.get<{ result: { address: string; status: string } }>(`/v1/devices/${phone.address}`);
    expect([read.status, read.body.result.status]).to.deep.equal([200, 'active']);

    // Chaincode 4xx: the same registration again, another org changing the device, an unknown device.
    const again = await oem.post<ErrorBody>('/v1/devices', await phone.sign('devices.register', { publicKey: phone.wallet.signingKey.publicKey, type: 'owner-phone' }));
    expect([again.status, again.body.error.code, again.body.error.field]).to.deep.equal([409, 'ALREADY_EXISTS', 'device']);
    expect(again.body.error.details?.[0]?.mspId).to.be.a('string');
    const foreign = await lender.post<ErrorBody>('/v1/devices/suspensions', { address: phone.address, reason: 'not ours' });
    expect([foreign.status, foreign.body.error.code, foreign.body.error.field]).to.deep.equal([403, 'PERMISSION_DENIED', 'caller']);
    const unknown = await operator.get<ErrorBody>(`/v1/devices/0x${'0'.repeat(39)}1`);
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'NOT_FOUND']);
  });

  it('refuses a body that breaks the schema with 400 naming the field, and a forged signature with 401', async () => {
    const phone = E2eDevice.fromSeed('owner-phone', 'gateway e2e schema phone');
    const components = (['head-unit', 'digital-key-ecu'] as const).map((type) => E2eDevice.fromSeed(type, `gateway e2e ${type}`));
    const report = { vehicle: { vin: VIN, manufacturer: 'Honda', buildDate: '2024-01-02', plant: 'Marysville', options: [] }, powerState: 'on', forDevice: phone.address };
    const reports = [await components[0]!.sign('pairing.reportVehicle', report), { ...(await components[1]!.sign('pairing.reportVehicle', report)), signature: 'not hex' }];
    const device = await phone.sign('pairing.requestPrePairing', { vin: VIN, ownershipCommitment: hex('ownership') });
    const malformed = await oem.post<ErrorBody>('/v1/pairing/pre-pairings', { device, reports, transient: {} });
    expect([malformed.status, malformed.body.error.code, malformed.body.error.field]).to.deep.equal([400, 'INVALID_ARGUMENT', 'reports[1].signature']);
    const forged = await oem.post<ErrorBody>('/v1/devices/self-revocations', { ...(await phone.sign('devices.revokeOwn', { reason: 'lost' })), payload: { reason: 'stolen' } });
    expect([forged.status, forged.body.error.code, forged.body.error.field]).to.deep.equal([401, 'UNAUTHENTICATED', 'signature']);
  });

  it('pairing: sets the configuration through the automaker’s gateway and reads it through another', async () => {
    const config = { proximityLimitMm: 12_000, mismatchUnpairThreshold: 4, maxGuestValidityMs: 7 * 24 * 3600 * 1000 };
    const written = await oem.post<WriteBody>('/v1/pairing/config', config);
    expect([written.status, written.body.result]).to.deep.equal([200, config]);
    const read = await operator.get<{ result: unknown }>('/v1/pairing/config');
    expect(read.body.result).to.deep.equal(config);
    const wrongGateway = await operator.post<ErrorBody>('/v1/pairing/config', config);
    expect([wrongGateway.status, wrongGateway.body.error.field]).to.deep.equal([403, 'caller']);
  });

  it('ride-share: a request with transient secrets and the gateway’s own key part, read back by the party’s signed read', async () => {
    const terms = { version: 1, documentHash: hex('terms') };
    expect((await operator.post('/v1/rideshare/terms', terms)).status).to.equal(200);
    expect((await lender.get<{ result: unknown }>('/v1/rideshare/terms')).body.result).to.include(terms);
    const rider = E2eDevice.fromSeed('rider-phone', 'gateway e2e rider');
    expect((await operator.post('/v1/devices', await rider.sign('devices.register', { publicKey: rider.wallet.signingKey.publicKey, type: 'rider-phone' }))).status).to.equal(200);
    expect((await operator.post('/v1/rideshare/terms-acceptances', await rider.sign('rideshare.acceptTerms', terms))).status).to.equal(200);

    const details = { salt: hex('ride salt').slice(0, 32), pickup: { latE6: 48_137_150, lonE6: 11_575_450 }, destination: { latE6: 48_353_750, lonE6: 11_786_080 }, riderParametersHash: hex('rider parameters') };
    const riderKeyPart = hex('rider key part');
    const request = await rider.sign('rideshare.requestRide', { requestedAtMs: Date.now(), detailsCommitment: openingCommitment(details), keyPartCommitment: keyPartCommitment(riderKeyPart) });
    const requested = await operator.post<WriteBody<{ rideId: string; status: string }>>('/v1/rideshare/rides', { ...request, transient: { rideRequest: details, riderKeyPart } });
    expect([requested.status, requested.body.result.status]).to.deep.equal([200, 'requested']);
    const { rideId } = requested.body.result;
    // The operator's gateway generated the ledger's key part and stored it in operatorPrivate.
    const second = await operator.get<{ result: { kind: string; part: string } }>(`/v1/rideshare/rides/${rideId}/private-items/request-key-second`);
    expect(second.body.result.part).to.match(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(requested.body)).to.not.contain(second.body.result.part);

    const byAuditor = await lender.get<{ result: { rideId: string; status: string } }>(`/v1/rideshare/rides/${rideId}`);
    expect(byAuditor.body.result).to.include({ rideId, status: 'requested' });
    const asParty = await oem.get<{ result: { rideId: string } }>(`/v1/rideshare/rides/${rideId}/as-party`, deviceAuthorization(await rider.sign('rideshare.readRide', { rideId })));
    expect([asParty.status, asParty.body.result.rideId]).to.deep.equal([200, rideId]);
    const notOperator = await oem.get<ErrorBody>(`/v1/rideshare/rides/${rideId}`);
    expect([notOperator.status, notOperator.body.error.code]).to.deep.equal([403, 'PERMISSION_DENIED']);
  });

  it('VIN audit: registers a lot and records vehicles through the lender’s gateway, reads them through another', async () => {
    const registered = await lender.post<WriteBody<{ lotId: string; lenderMsp: string }>>('/v1/vinaudit/lots', LOT);
    expect([registered.status, registered.body.result.lenderMsp]).to.deep.equal([200, 'AuditMSP']);
    const recorded = await lender.post<WriteBody<{ units: { vin: string; vinCheck: string }[] }>>('/v1/vinaudit/vehicle-records', {
      lotId: LOT.lotId,
      vehicles: [{ vin: VIN, description: 'silver sedan', location: LOT.location }],
    });
    expect(recorded.body.result.units.map((unit) => [unit.vin, unit.vinCheck])).to.deep.equal([[VIN, 'valid']]);
    const lot = await oem.get<{ result: { name: string } }>(`/v1/vinaudit/lots/${LOT.lotId}`);
    expect(lot.body.result.name).to.equal(LOT.name);
    const index = await operator.get<{ result: { financing: unknown[] } }>(`/v1/vinaudit/vins/${VIN}`);
    expect(index.body.result.financing).to.have.length(1);
    const nearby = await oem.get<{ result: { nearest: { lotId: string }[] } }>(`/v1/vinaudit/nearby-lots?latE6=${LOT.location.latE6}&lonE6=${LOT.location.lonE6}`);
    expect(nearby.body.result.nearest.map((entry) => entry.lotId)).to.include(LOT.lotId);
  });

  it('resubmits writes that lose a read conflict, and answers 409 once its retries are used up', async () => {
    const updates = await Promise.all([1, 2, 3, 4, 5].map((n) => lender.post<WriteBody>('/v1/vinaudit/lot-updates', { lotId: LOT.lotId, name: `Gateway Motors ${n}` })));
    expect(updates.map((update) => update.status)).to.deep.equal([200, 200, 200, 200, 200]);
    const metrics = (await lender.get('/metrics')).text;
    const resubmitted = /mobility_gateway_fabric_resubmissions_total\{org="AuditMSP",transaction="vinaudit\.lots:UpdateLot",validation_code="MVCC_READ_CONFLICT"\} (\d+)/.exec(metrics);
    expect(Number(resubmitted?.[1] ?? 0), 'concurrent updates of one lot conflict').to.be.above(0);

    // The same gateway configuration with no resubmissions lets the conflict through as a 409.
    const dataDir = stack.network.ready.dataDir;
    noRetry = await createGatewayServer({
      config: loadConfig({
        env: {},
        base: configFromNetworkDataDir({ dataDir, mspId: 'AuditMSP' }),
        overrides: { http: { port: NO_RETRY_PORT }, retry: { mvccRetries: 0 }, dataDir: path.join(dataDir, 'gateways', 'AuditMSP-no-retry') },
      }),
      logger: pino({ level: 'silent' }),
      events: false,
    });
    const strict = new GatewayHttp(await noRetry.listen());
    const raced = await Promise.all([1, 2, 3, 4].map((n) => strict.post<ErrorBody>('/v1/vinaudit/lot-updates', { lotId: LOT.lotId, name: `Raced ${n}` })));
    const conflicts = raced.filter((answer) => answer.status === 409);
    expect(raced.filter((answer) => answer.status === 200), 'one update of each conflicting set commits').to.have.length.above(0);
    expect(conflicts, 'concurrent updates without resubmission').to.have.length.above(0);
    expect(conflicts[0]?.body.error).to.include({ code: 'MVCC_READ_CONFLICT', validationCode: 'MVCC_READ_CONFLICT' });
    expect(conflicts[0]?.body.error.txId).to.match(/^[0-9a-f]{64}$/);
  });

  it('exports Prometheus metrics per route and per Fabric phase', async () => {
    const metrics = (await oem.get('/metrics')).text;
    expect(metrics).to.match(/mobility_gateway_http_requests_total\{org="OemMSP",route="devices\.register",method="POST",status_code="200"\} [1-9]/);
    for (const phase of ['evaluate', 'endorse', 'submit', 'commit']) {
      expect(metrics, phase).to.match(new RegExp(`mobility_gateway_fabric_phase_duration_seconds_count\\{org="OemMSP",phase="${phase}",transaction="[^"]+",outcome="ok"\\} [1-9]`));
    }
    expect(metrics).to.contain('process_cpu_seconds_total');
  });

  it('serves an OpenAPI document listing every route, and its browsable UI from local assets', async () => {
    const document = await operator.get<{ openapi: string; paths: Record<string, Record<string, { operationId?: string }>> }>('/openapi.json');
    expect(document.body.openapi).to.equal('3.1.0');
    const operations = new Map<string, string>();
    for (const [documentPath, methods] of Object.entries(document.body.paths)) {
      for (const [method, operation] of Object.entries(methods)) if (operation.operationId) operations.set(operation.operationId, `${method.toUpperCase()} ${documentPath}`);
    }
    for (const route of ROUTES) {
      expect(operations.get(route.id), route.id).to.equal(`${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
    const ui = await operator.get('/docs/');
    expect([ui.status, ui.headers.get('content-type')]).to.deep.equal([200, 'text/html; charset=utf-8']);
    const asset = await operator.get('/docs/static/swagger-ui-bundle.js');
    expect(asset.status).to.equal(200);
  });
});
