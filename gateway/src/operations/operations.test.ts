import { connectivityState } from '@grpc/grpc-js';
import type { Contract, Proposal } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';
import { GatewayMetrics } from './gateway-metrics';
import { healthReport, peerHealthCheck, type HealthCheck } from './health';
import { registerOperations } from './operations-routes';

function fakeClient(state: connectivityState) {
  return { getChannel: () => ({ getConnectivityState: () => state }) } as never;
}

function fakeDevices(evaluate: () => Promise<Uint8Array>): Pick<Contract, 'newProposal'> {
  return { newProposal: () => ({ evaluate }) as unknown as Proposal };
}

describe('health checks', () => {
  it('reports OK, or Fabric’s 503 shape naming each failed component', async () => {
    const ok: HealthCheck = { component: 'peer', check: async () => undefined };
    const broken: HealthCheck = { component: 'ledger', check: async () => Promise.reject(new Error('disk gone')) };
    expect((await healthReport([ok])).status).to.equal('OK');
    const report = await healthReport([ok, broken], new Date(0));
    expect(report).to.deep.equal({ status: 'Service Unavailable', time: '1970-01-01T00:00:00.000Z', failed_checks: [{ component: 'ledger', reason: 'disk gone' }] });
  });

  it('counts the peer healthy when the chaincode answers, even with a refusal, and unhealthy when it cannot be reached', async () => {
    const answers = peerHealthCheck(fakeClient(connectivityState.READY), fakeDevices(async () => new Uint8Array()), 1_000);
    await answers.check();
    const refusal = Object.assign(new Error('evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: device: 0x0 does not exist'), { code: 2 });
    await peerHealthCheck(fakeClient(connectivityState.IDLE), fakeDevices(async () => Promise.reject(refusal)), 1_000).check();
    const down = peerHealthCheck(fakeClient(connectivityState.CONNECTING), fakeDevices(async () => Promise.reject(new Error('14 UNAVAILABLE: No connection established'))), 1_000);
    expect(await down.check().catch((error: Error) => error.message)).to.match(/evaluate on the peer failed: 14 UNAVAILABLE/);
    const failing = peerHealthCheck(fakeClient(connectivityState.TRANSIENT_FAILURE), fakeDevices(async () => new Uint8Array()), 1_000);
    expect(await failing.check().catch((error: Error) => error.message)).to.match(/TRANSIENT_FAILURE/);
  });
});

describe('operations routes', () => {
  let app: FastifyInstance;
  let draining = false;
  let peerUp = true;
  let metrics: GatewayMetrics;

  beforeEach(async () => {
    draining = false;
    peerUp = true;
    metrics = new GatewayMetrics('OemMSP', { defaultMetrics: false });
    app = Fastify();
    registerOperations(app, {
      metrics,
      checks: [{ component: 'peer', check: async () => (peerUp ? undefined : Promise.reject(new Error('peer down'))) }],
      draining: () => draining,
    });
    app.get('/v1/things/:id', { config: { routeId: 'things.get' } }, async () => ({ ok: true }));
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
  });

  it('answers /healthz 200 while healthy, 503 when a check fails or the gateway drains', async () => {
    expect((await app.inject('/healthz')).statusCode).to.equal(200);
    peerUp = false;
    const down = await app.inject('/healthz');
    expect([down.statusCode, down.json().failed_checks]).to.deep.equal([503, [{ component: 'peer', reason: 'peer down' }]]);
    peerUp = true;
    draining = true;
    expect((await app.inject('/healthz')).json().failed_checks).to.deep.equal([{ component: 'gateway', reason: 'shutting down' }]);
  });

  it('counts requests and latencies per route id, and Fabric phases per transaction, in Prometheus format', async () => {
    await app.inject('/v1/things/1');
    await app.inject('/v1/things/2');
    await app.inject('/nowhere');
    metrics.phase('endorse', 'devices:Register', 'ok', 0.02);
    metrics.resubmission('vinaudit.lots:UpdateLot', 'MVCC_READ_CONFLICT');
    const scrape = await app.inject('/metrics');
    expect(scrape.headers['content-type']).to.match(/^text\/plain/);
    const text = scrape.body;
    expect(text).to.contain('mobility_gateway_http_requests_total{org="OemMSP",route="things.get",method="GET",status_code="200"} 2');
    expect(text).to.contain('mobility_gateway_http_requests_total{org="OemMSP",route="unmatched",method="GET",status_code="404"} 1');
    expect(text).to.match(/mobility_gateway_http_request_duration_seconds_count\{org="OemMSP",route="things.get",method="GET",status_code="200"\} 2/);
    expect(text).to.contain('mobility_gateway_fabric_phase_duration_seconds_count{org="OemMSP",phase="endorse",transaction="devices:Register",outcome="ok"} 1');
    expect(text).to.contain('mobility_gateway_fabric_resubmissions_total{org="OemMSP",transaction="vinaudit.lots:UpdateLot",validation_code="MVCC_READ_CONFLICT"} 1');
  });
});
