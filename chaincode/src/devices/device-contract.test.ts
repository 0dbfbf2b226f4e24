import { expect } from 'chai';
import { Wallet } from 'ethers';
import { TestDevice, registerDevice } from '../testing/devices';
import { TEST_CHANNEL, TestLedger } from '../testing/test-ledger';
import { DeviceContract } from './device-contract';
import { signDeviceRequest } from './device-request';
import { verifyDeviceRequestArgument } from './device-registry';
import { Type } from '@sinclair/typebox';
import { LedgerContract } from '../lib/base-contract';
import type { LedgerContext } from '../lib/context';
import { rejection } from '../testing/rejection';

const Ping = Type.Object({ n: Type.Integer() }, { additionalProperties: false });

/** A minimal contract that verifies a device request, to test verification on its own. */
class PingContract extends LedgerContract {
  constructor() {
    super('ping');
  }
  async Ping(ctx: LedgerContext, requestJson: string): Promise<string> {
    const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, { action: 'test.ping', payload: Ping, deviceTypes: ['owner-phone'] });
    return `${device.address}:${payload.n}`;
  }
}

describe('DeviceContract', () => {
  let ledger: TestLedger;
  const contract = new DeviceContract();
  const ping = new PingContract();
  const phone = TestDevice.create('owner-phone', 'owner phone one');

  beforeEach(async () => {
    ledger = new TestLedger();
    await registerDevice(ledger, contract, phone, { label: 'Ann phone' });
  });

  it('registers a device vouched for by its org and emits one event', async () => {
    const record = JSON.parse(await ledger.evaluate(contract, 'Get', [phone.address]));
    expect(record).to.include({ address: phone.address, type: 'owner-phone', org: 'OemMSP', status: 'active', label: 'Ann phone' });
    const headUnit = TestDevice.create('head-unit', 'head unit');
    const request = await headUnit.signJson('devices.register', { publicKey: headUnit.publicKey, type: 'head-unit', vin: '1HGCM82633A004352' }, ledger);
    const { event } = await ledger.submit(contract, 'Register', [request], { mspId: 'OemMSP' });
    expect(event?.name).to.equal('devices.Registered');
    expect(event?.payload.notices[0]?.to).to.deep.equal([`device:${headUnit.address}`, 'org:OemMSP']);
  });

  it('refuses a second registration of the same key', async () => {
    const request = await phone.signJson('devices.register', { publicKey: phone.publicKey, type: 'owner-phone' }, ledger);
    expect((await rejection(ledger.submit(contract, 'Register', [request]))).code).to.equal('ALREADY_EXISTS');
  });

  it('refuses an org that may not vouch for that device type', async () => {
    const ecu = TestDevice.create('ecu', 'ecu');
    const request = await ecu.signJson('devices.register', { publicKey: ecu.publicKey, type: 'ecu' }, ledger);
    const error = await rejection(ledger.submit(contract, 'Register', [request], { mspId: 'MobilityMSP' }));
    expect(error.code).to.equal('PERMISSION_DENIED');
    expect(await ledger.evaluate(contract, 'ListByOrg', ['MobilityMSP', ''])).to.equal('[]');
  });

  it('refuses a registration whose public key is not the signer', async () => {
    const other = Wallet.createRandom();
    const device = TestDevice.create('owner-phone', 'someone else');
    const request = await device.signJson('devices.register', { publicKey: other.signingKey.publicKey, type: 'owner-phone' }, ledger);
    const error = await rejection(ledger.submit(contract, 'Register', [request]));
    expect(error.field).to.equal('request.device');
  });

  it('accepts a well signed request and refuses its replay', async () => {
    const request = await phone.signJson('test.ping', { n: 7 }, ledger);
    expect((await ledger.submit(ping, 'Ping', [request])).result).to.equal(`${phone.address}:7`);
    const replay = await rejection(ledger.submit(ping, 'Ping', [request]));
    expect(replay.code).to.equal('ALREADY_EXISTS');
    expect(replay.field).to.equal('request.nonce');
  });

  it('refuses a forged signature, a tampered payload and another device’s signature', async () => {
    const signed = await phone.sign('test.ping', { n: 1 }, ledger);
    const tampered = JSON.stringify({ ...signed, payload: { n: 2 } });
    expect((await rejection(ledger.submit(ping, 'Ping', [tampered]))).code).to.equal('UNAUTHENTICATED');
    const intruder = Wallet.createRandom();
    const forged = await signDeviceRequest(intruder, { action: 'test.ping', channel: TEST_CHANNEL, payload: { n: 1 }, nonce: 'forged-0001', expiresAt: ledger.clockMs + 60_000 });
    const claimed = JSON.stringify({ ...forged, device: phone.address });
    const error = await rejection(ledger.submit(ping, 'Ping', [claimed]));
    expect(error.field).to.equal('request.signature');
  });

  it('refuses an expired request and one valid for too long', async () => {
    const expired = await phone.signJson('test.ping', { n: 1 }, ledger, 500);
    expect((await rejection(ledger.submit(ping, 'Ping', [expired]))).field).to.equal('request.expiresAt');
    const tooLong = await phone.signJson('test.ping', { n: 1 }, ledger, 48 * 3600 * 1000);
    expect((await rejection(ledger.submit(ping, 'Ping', [tooLong]))).code).to.equal('INVALID_ARGUMENT');
  });

  it('refuses a request for another action or channel, and a device type not allowed', async () => {
    const wrongAction = await phone.signJson('test.other', { n: 1 }, ledger);
    expect((await rejection(ledger.submit(ping, 'Ping', [wrongAction]))).field).to.equal('request.action');
    const signed = await signDeviceRequest(phone.wallet, { action: 'test.ping', channel: 'other', payload: { n: 1 }, nonce: 'channel-0001', expiresAt: ledger.clockMs + 60_000 });
    expect((await rejection(ledger.submit(ping, 'Ping', [JSON.stringify(signed)]))).field).to.equal('request.channel');
    const rider = TestDevice.create('rider-phone', 'rider');
    await registerDevice(ledger, contract, rider);
    const riderRequest = await rider.signJson('test.ping', { n: 1 }, ledger);
    expect((await rejection(ledger.submit(ping, 'Ping', [riderRequest]))).code).to.equal('PERMISSION_DENIED');
  });

  it('suspends, reinstates and revokes, only by the vouching org, and refuses requests meanwhile', async () => {
    const change = JSON.stringify({ address: phone.address, reason: 'reported lost' });
    expect((await rejection(ledger.submit(contract, 'Suspend', [change], { mspId: 'AuditMSP' }))).code).to.equal('PERMISSION_DENIED');
    await ledger.submit(contract, 'Suspend', [change]);
    const whileSuspended = await phone.signJson('test.ping', { n: 1 }, ledger);
    expect((await rejection(ledger.submit(ping, 'Ping', [whileSuspended]))).rule).to.contain('suspended');
    await ledger.submit(contract, 'Reinstate', [change]);
    await ledger.submit(ping, 'Ping', [await phone.signJson('test.ping', { n: 1 }, ledger)]);
    await ledger.submit(contract, 'Revoke', [change]);
    expect((await rejection(ledger.submit(contract, 'Reinstate', [change]))).code).to.equal('FAILED_PRECONDITION');
    const history = JSON.parse(await ledger.evaluate(contract, 'History', [phone.address])) as { record: { status: string } }[];
    expect(history.map((entry) => entry.record.status)).to.deep.equal(['active', 'suspended', 'active', 'revoked']);
  });

  it('lets a device revoke its own key', async () => {
    await ledger.submit(contract, 'RevokeOwn', [await phone.signJson('devices.revokeOwn', { reason: 'phone replaced' }, ledger)]);
    expect(JSON.parse(await ledger.evaluate(contract, 'Get', [phone.address])).status).to.equal('revoked');
  });

  it('changes nothing when a transaction fails', async () => {
    const before = new Map(ledger.rawState());
    const request = await phone.signJson('devices.register', { publicKey: phone.publicKey, type: 'owner-phone' }, ledger);
    await rejection(ledger.submit(contract, 'Register', [request]));
    expect(new Map(ledger.rawState())).to.deep.equal(before);
  });
});
