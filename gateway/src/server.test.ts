import { connectivityState } from '@grpc/grpc-js';
import type { Contract, Network } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import pino from 'pino';
import { ROUTES } from './api';
import { completeConfig } from './config/load-config';
import type { FabricConnection } from './fabric/connection';
import type { CommittedTransaction, LedgerCall } from './fabric/ledger-client';
import { createGatewayServer, requestIdOf, type GatewayServer } from './server';

/** A Fabric connection that connects nowhere and records whether it was closed. */
function idleConnection(): FabricConnection & { closed: boolean } {
  const connection = {
    closed: false,
    client: { getChannel: () => ({ getConnectivityState: () => connectivityState.IDLE }), close: () => undefined },
    gateway: {},
    network: {} as Network,
    contract: () => ({}) as Contract,
    close() {
      connection.closed = true;
    },
  };
  return connection as unknown as FabricConnection & { closed: boolean };
}

/** A ledger whose writes wait until the test lets them commit. */
class HeldLedger {
  readonly started: Promise<LedgerCall>;
  private markStarted!: (call: LedgerCall) => void;
  private releaseWrite!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.releaseWrite = resolve));

  constructor() {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  async evaluate(): Promise<Uint8Array> {
    return new TextEncoder().encode('{"read":true}');
  }

  async submit(call: LedgerCall): Promise<CommittedTransaction> {
    this.markStarted(call);
    await this.released;
    return { txId: 'tx-held', blockNumber: 3n, result: new TextEncoder().encode('{"held":true}'), attempts: 1 };
  }

  release(): void {
    this.releaseWrite();
  }
}

const CONFIG = completeConfig({
  mspId: 'AuditMSP',
  peer: { endpoint: 'localhost:1', tlsRootCertPath: '/unused' },
  identity: { certPath: '/unused', keyPath: '/unused' },
  dataDir: '/unused',
  http: { port: 0 },
  shutdownGraceMs: 5_000,
});

describe('the gateway server', () => {
  let server: GatewayServer;
  let connection: FabricConnection & { closed: boolean };
  let ledger: HeldLedger;

  beforeEach(async () => {
    connection = idleConnection();
    ledger = new HeldLedger();
    server = await createGatewayServer({ config: CONFIG, logger: pino({ level: 'silent' }), events: false, connection, ledger });
  });

  afterEach(async () => {
    ledger.release();
    await server.close();
  });

  it('lets a write in flight finish on shutdown, refuses new work meanwhile, then closes the Fabric connection', async () => {
    const url = await server.listen();
    const inFlight = fetch(`${url}/v1/vinaudit/finalizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auditId: 'a'.repeat(64) }) });
    const call = await ledger.started;
    expect([call.contract, call.transaction]).to.deep.equal(['vinaudit', 'FinalizeAudit']);
    const closing = server.close();
    // No new work: the listener is closed (or a kept-alive connection is answered 503 SHUTTING_DOWN).
    const refused = await fetch(`${url}/v1/vinaudit/lots/lot-1`).then(
      (response) => response.status,
      () => 'connection refused',
    );
    expect(refused).to.be.oneOf([503, 'connection refused']);
    expect(connection.closed).to.equal(false);
    ledger.release();
    const answer = await inFlight;
    expect(answer.status).to.equal(200);
    expect(await answer.json()).to.deep.equal({ txId: 'tx-held', blockNumber: '3', result: { held: true } });
    await closing;
    expect(connection.closed).to.equal(true);
  });

  it('keeps a sane caller request id and assigns one otherwise, on every answer', async () => {
    const echoed = await server.app.inject({ method: 'GET', url: '/v1/vinaudit/lots/lot-1', headers: { 'x-request-id': 'client-42' } });
    expect(echoed.headers['x-request-id']).to.equal('client-42');
    const refused = await server.app.inject({ method: 'GET', url: '/v1/nowhere', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(refused.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(['first', 'second'])).to.equal('first');
  });

  it('documents every route in its OpenAPI document', async () => {
    const document = (await server.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>> };
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    for (const route of ROUTES) expect(ids, route.id).to.include(route.id);
    expect(document.paths['/v1/pairing/pre-pairings']?.post?.requestBody).to.not.equal(undefined);
    expect(document.paths['/healthz']?.get).to.not.equal(undefined);
  });
});
