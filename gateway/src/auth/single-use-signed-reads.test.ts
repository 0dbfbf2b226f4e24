import { signDeviceRequest } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { Wallet } from 'ethers';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GatewayServer } from '../server';
import { encodeDeviceAuthorization } from './authorization-header';
import { CountingLedger, testGatewayServer } from './test-gateway-server';

const rider = new Wallet('0x' + '55'.repeat(32));
const RIDE = 'ab'.repeat(32);
let nonces = 0;

async function readHeader(payload: Record<string, string>, nonce = `read-${String((nonces += 1)).padStart(4, "0")}`): Promise<string> {
  return encodeDeviceAuthorization(await signDeviceRequest(rider, { action: 'rideshare.readRide', channel: 'mobility', payload, nonce, expiresAt: Date.now() + 60_000 }));
}

describe('auth: signed reads are single-use on a gateway (singleUseSignedReads in the server)', () => {
  let dataDir: string;
  let ledger: CountingLedger;
  let server: GatewayServer;

  const read = (authorization: string, rideId = RIDE) =>
    server.app.inject({ method: 'GET', url: `/v1/rideshare/rides/${rideId}/as-party`, headers: { authorization } });

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'signed-reads-'));
    ledger = new CountingLedger();
    server = await testGatewayServer(dataDir, ledger);
  });

  afterEach(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a signed read once; the same header again is 401 naming the nonce and reaches no peer', async () => {
    const header = await readHeader({ rideId: RIDE });
    const first = await read(header);
    expect([first.statusCode, first.json()]).to.deep.equal([200, { result: { read: true } }]);
    const replay = await read(header);
    expect(replay.statusCode).to.equal(401);
    expect(replay.json().error).to.include({ code: 'UNAUTHENTICATED', field: 'authorization.nonce' });
    expect(ledger.evaluations).to.have.length(1);
    // A fresh signature of the same read is fine.
    expect((await read(await readHeader({ rideId: RIDE }))).statusCode).to.equal(200);
  });

  it('does not consume the nonce of a header the route refuses, and keeps the route’s own refusal', async () => {
    const header = await readHeader({ rideId: RIDE });
    const otherRide = await read(header, 'cd'.repeat(32));
    expect([otherRide.statusCode, otherRide.json().error.field]).to.deep.equal([400, 'authorization.payload']);
    expect((await read(header)).statusCode).to.equal(200);
  });

  it('still refuses the replay after a restart on the same data dir', async () => {
    const header = await readHeader({ rideId: RIDE });
    expect((await read(header)).statusCode).to.equal(200);
    await server.close();
    server = await testGatewayServer(dataDir, ledger);
    const replay = await read(header);
    expect([replay.statusCode, replay.json().error.field]).to.deep.equal([401, 'authorization.nonce']);
  });
});
