import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { recoverDeviceRequestSigner } from '@mobility-ledger/chaincode/dist/devices/signer-recovery';
import { expect } from 'chai';
import { decodeBase64 } from 'ethers';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeviceKey } from './device-key';
import { GatewayClient } from './gateway-client';
import { GatewayError } from './gateway-error';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

type Answer = (seen: Seen, response: ServerResponse) => void;

/** A local HTTP server answering as the test says, recording what the SDK sent. */
async function answering(answer: Answer): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
      seen.push(entry);
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

function decodeAuthorization(header: string | undefined): SignedDeviceRequest {
  const token = (header ?? '').replace(/^Device /, '').replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(decodeBase64(token + '='.repeat((4 - (token.length % 4)) % 4)))) as SignedDeviceRequest;
}

describe('GatewayClient', function () {
  this.timeout(10_000);
  const servers: Server[] = [];
  const start = async (answer: Answer) => {
    const started = await answering(answer);
    servers.push(started.server);
    return started;
  };
  after(() => servers.forEach((server) => server.close()));

  it('maps a write to POST with the body and answers {txId, blockNumber, result, requestId}', async () => {
    const { url, seen } = await start((_seen, response) => json(response, 200, { txId: 'ab', blockNumber: '12', result: { ok: true } }, { 'x-request-id': 'r-1' }));
    const answer = await new GatewayClient({ baseUrl: `${url}/` }).call('pairing.expirePairing', { pairingId: 'f'.repeat(64) });
    expect(answer).to.deep.equal({ txId: 'ab', blockNumber: '12', result: { ok: true }, requestId: 'r-1' });
    expect(seen[0]).to.deep.include({ method: 'POST', url: '/v1/pairing/expirations', body: { pairingId: 'f'.repeat(64) } });
    expect(seen[0]?.headers['content-type']).to.equal('application/json');
  });

  it('signs reads that need it: Authorization carries the route’s action over exactly the path params', async () => {
    const { url, seen } = await start((_seen, response) => json(response, 200, { result: { status: 'requested' } }));
    const key = DeviceKey.fromPrivateKey(`0x${'31'.repeat(32)}`);
    const device = new GatewayClient({ baseUrl: url }).device(key);
    const rideId = 'c'.repeat(64);
    expect((await device.read('rideshare.getRideAsParty', { rideId })).result).to.deep.equal({ status: 'requested' });
    const request = decodeAuthorization(seen[0]?.headers.authorization);
    expect(request).to.include({ action: 'rideshare.readRide', channel: 'mobility', device: key.address });
    expect(request.payload).to.deep.equal({ rideId });
    expect(recoverDeviceRequestSigner(request)).to.equal(key.address);
    let refused: unknown;
    await new GatewayClient({ baseUrl: url }).call('rideshare.getRideAsParty', { rideId }).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.contain('signed read');
  });

  it('submits a device’s own signed request with the route’s action, and registers with its public key', async () => {
    const { url, seen } = await start((_seen, response) => json(response, 200, { txId: 't', blockNumber: '1', result: {} }));
    const key = DeviceKey.fromPrivateKey(`0x${'32'.repeat(32)}`);
    const device = new GatewayClient({ baseUrl: url }).device(key);
    const holder = { salt: '0'.repeat(32), data: { holderName: 'Grace' } };
    await device.submit('pairing.requestSecondaryPairing', { vin: '1HGCM82633A004352', role: 'driver' }, { transient: { deviceData: holder } });
    const body = seen[0]?.body as SignedDeviceRequest & { transient: unknown };
    expect(body).to.include({ action: 'pairing.requestSecondary', device: key.address });
    expect(body.transient).to.deep.equal({ deviceData: holder });
    const { transient: _transient, ...request } = body;
    expect(recoverDeviceRequestSigner(request)).to.equal(key.address);
    await device.register({ type: 'owner-phone', label: 'phone' });
    const registration = seen[1]?.body as SignedDeviceRequest<{ publicKey: string; type: string; label: string }>;
    expect(seen[1]?.url).to.equal('/v1/devices');
    expect(registration.payload).to.deep.equal({ publicKey: key.publicKey, type: 'owner-phone', label: 'phone' });
  });

  it('throws a typed GatewayError carrying code, field, txId, details and the request id', async () => {
    const { url } = await start((_seen, response) =>
      json(
        response,
        409,
        { error: { code: 'ALREADY_EXISTS', message: 'nonce: was already used', field: 'nonce', txId: 'tx9', details: [{ address: 'peer0:7051', mspId: 'OemMSP', message: 'chaincode response 500' }] } },
        { 'x-request-id': 'r-2' },
      ),
    );
    let error: unknown;
    await new GatewayClient({ baseUrl: url }).call('devices.get', { address: `0x${'1'.repeat(40)}` }).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(GatewayError);
    expect(error).to.deep.include({ status: 409, code: 'ALREADY_EXISTS', field: 'nonce', txId: 'tx9', requestId: 'r-2' });
    expect((error as GatewayError).details).to.deep.equal([{ address: 'peer0:7051', mspId: 'OemMSP', message: 'chaincode response 500' }]);
    expect((error as GatewayError).isClientError).to.equal(true);
  });

  it('maps undocumented answers, timeouts and unreachable gateways to GatewayError too', async () => {
    const { url } = await start((seen, response) => {
      if (seen.url.includes('html')) {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html>bad gateway</html>');
      } else if (seen.url.includes('text')) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('not json');
      } else setTimeout(() => json(response, 200, { result: 1 }), 500);
    });
    const client = new GatewayClient({ baseUrl: url, timeoutMs: 100 });
    const failure = (path: string) => client.raw({ method: 'GET', path }).then(() => undefined, (error: unknown) => error as GatewayError);
    expect(await failure('/html')).to.deep.include({ status: 502, code: 'ENDORSEMENT_FAILED', message: 'ENDORSEMENT_FAILED: <html>bad gateway</html>' });
    expect(await failure('/text')).to.deep.include({ status: 200, code: 'BAD_RESPONSE' });
    expect(await failure('/slow')).to.deep.include({ status: 0, code: 'TIMEOUT' });
    const closed = await start(() => undefined);
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const unreachable = await new GatewayClient({ baseUrl: closed.url }).raw({ method: 'GET', path: '/healthz' }).then(() => undefined, (error: unknown) => error as GatewayError);
    expect(unreachable).to.deep.include({ status: 0, code: 'NETWORK_ERROR' });
  });
});
