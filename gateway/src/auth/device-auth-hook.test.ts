import { signDeviceRequest } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { Wallet } from 'ethers';
import Fastify, { type FastifyInstance } from 'fastify';
import { encodeDeviceAuthorization, encodeDeviceToken } from './authorization-header';
import { deviceAuthHook } from './device-auth-hook';
import type { DeviceInfo } from './device-lookup';

const phone = new Wallet('0x' + '33'.repeat(32));

async function header(action = 'gateway.dashboard'): Promise<string> {
  return encodeDeviceAuthorization(
    await signDeviceRequest(phone, { action, channel: 'mobility', payload: {}, nonce: 'nonce-0001', expiresAt: Date.now() + 60_000 }),
  );
}

describe('auth: deviceAuthHook on a fastify route', () => {
  let app: FastifyInstance;
  const devices = new Map<string, DeviceInfo>();

  before(async () => {
    app = Fastify();
    const lookup = { getDevice: async (address: string) => devices.get(address) };
    app.get('/who', { preHandler: deviceAuthHook({ action: 'gateway.dashboard', deviceTypes: ['auditor-phone'], lookup, queryParameter: 'authorization' }) }, async (request) => ({
      device: request.device,
    }));
    await app.ready();
  });

  after(async () => {
    await app.close();
  });

  beforeEach(() => {
    devices.set(phone.address, { address: phone.address, deviceType: 'auditor-phone', status: 'active', org: 'AuditMSP' });
  });

  it('puts the authenticated device on the request', async () => {
    const response = await app.inject({ method: 'GET', url: '/who', headers: { authorization: await header() } });
    expect(response.statusCode).to.equal(200);
    expect(response.json()).to.deep.equal({ device: { address: phone.address, deviceType: 'auditor-phone', org: 'AuditMSP' } });
  });

  it('accepts the token in the query parameter when no header is sent', async () => {
    const token = (await header()).slice('Device '.length);
    const response = await app.inject({ method: 'GET', url: `/who?authorization=${token}` });
    expect(response.statusCode).to.equal(200);
  });

  it('answers 401 in the gateway error format, naming the scheme', async () => {
    const missing = await app.inject({ method: 'GET', url: '/who' });
    expect(missing.statusCode).to.equal(401);
    expect(missing.headers['www-authenticate']).to.match(/^Device /);
    expect(missing.json()).to.deep.equal({ error: { code: 'UNAUTHENTICATED', message: 'an Authorization: Device header is required', field: 'authorization' } });
    const wrongAction = await app.inject({ method: 'GET', url: '/who', headers: { authorization: await header('gateway.subscribe') } });
    expect([wrongAction.statusCode, wrongAction.json().error.field]).to.deep.equal([401, 'authorization.action']);
  });

  it('answers 403 for a suspended device or a device of another type', async () => {
    devices.set(phone.address, { address: phone.address, deviceType: 'auditor-phone', status: 'suspended', org: 'AuditMSP' });
    const suspended = await app.inject({ method: 'GET', url: '/who', headers: { authorization: await header() } });
    expect(suspended.statusCode).to.equal(403);
    expect(suspended.json().error).to.include({ code: 'PERMISSION_DENIED', field: 'authorization.device' });
    devices.set(phone.address, { address: phone.address, deviceType: 'owner-phone', status: 'active', org: 'OemMSP' });
    const wrongType = await app.inject({ method: 'GET', url: '/who', headers: { authorization: await header() } });
    expect(wrongType.statusCode).to.equal(403);
  });

  it('does not let a token signed by one key pass as another device', async () => {
    const request = await signDeviceRequest(new Wallet('0x' + '44'.repeat(32)), { action: 'gateway.dashboard', channel: 'mobility', payload: {}, nonce: 'nonce-0001', expiresAt: Date.now() + 60_000 });
    const response = await app.inject({ method: 'GET', url: '/who', headers: { authorization: `Device ${encodeDeviceToken({ ...request, device: phone.address })}` } });
    expect([response.statusCode, response.json().error.field]).to.deep.equal([401, 'authorization.signature']);
  });
});
