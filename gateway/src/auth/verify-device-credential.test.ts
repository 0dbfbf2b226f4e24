import { signDeviceRequest, type SignedDeviceRequest } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { Wallet } from 'ethers';
import { DeviceAuthError } from './auth-error';
import { DeviceLookupError, type DeviceInfo, type DeviceLookup } from './device-lookup';
import { authenticateDevice, verifyDeviceCredential } from './verify-device-credential';

const NOW = 1_700_000_000_000;
const phone = new Wallet('0x' + '11'.repeat(32));
const thief = new Wallet('0x' + '22'.repeat(32));

async function credential(
  overrides: { action?: string; channel?: string; expiresAt?: number; payload?: unknown } = {},
  signer: Wallet = phone,
): Promise<SignedDeviceRequest> {
  return signDeviceRequest(signer, {
    action: overrides.action ?? 'gateway.subscribe',
    channel: overrides.channel ?? 'mobility',
    payload: overrides.payload ?? {},
    nonce: 'nonce-0001',
    expiresAt: overrides.expiresAt ?? NOW + 60_000,
  });
}

function refusal(call: () => unknown): DeviceAuthError {
  try {
    call();
  } catch (error) {
    expect(error).to.be.instanceOf(DeviceAuthError);
    return error as DeviceAuthError;
  }
  throw new Error('expected a refusal');
}

async function asyncRefusal(call: Promise<unknown>): Promise<DeviceAuthError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(DeviceAuthError);
    return error as DeviceAuthError;
  }
  throw new Error('expected a refusal');
}

/** The registry as the lookup reports it (an in-memory stand-in for devices:Get). */
class Registry implements DeviceLookup {
  constructor(private readonly devices: DeviceInfo[]) {}
  async getDevice(address: string): Promise<DeviceInfo | undefined> {
    return this.devices.find((device) => device.address.toLowerCase() === address.toLowerCase());
  }
}

const rules = { action: 'gateway.subscribe', nowMs: NOW };

describe('auth: verifying a device credential', () => {
  it('accepts a credential the named device signed for this action and channel, returning its checksummed address', async () => {
    const request = await credential();
    expect(verifyDeviceCredential({ ...request, device: request.device.toLowerCase() }, rules)).to.equal(phone.address);
  });

  it('refuses a forged signature (another key) and a request altered after signing', async () => {
    const forged = { ...(await credential({}, thief)), device: phone.address };
    const refused = refusal(() => verifyDeviceCredential(forged, rules));
    expect([refused.code, refused.field]).to.deep.equal(['UNAUTHENTICATED', 'authorization.signature']);
    const altered = { ...(await credential()), nonce: 'nonce-0002' };
    expect(refusal(() => verifyDeviceCredential(altered, rules)).field).to.equal('authorization.signature');
    const garbage = { ...(await credential()), signature: '0x' + '00'.repeat(65) };
    expect(refusal(() => verifyDeviceCredential(garbage, rules)).field).to.equal('authorization.signature');
  });

  it('refuses an expired credential and one that lives longer than five minutes', async () => {
    const expired = refusal(() => verifyDeviceCredential(fixture.expired, rules));
    expect([expired.code, expired.field, expired.statusCode]).to.deep.equal(['UNAUTHENTICATED', 'authorization.expiresAt', 401]);
    expect(refusal(() => verifyDeviceCredential(fixture.tooLong, rules)).field).to.equal('authorization.expiresAt');
    // Five minutes ahead is fine, also from a device clock slightly ahead.
    expect(verifyDeviceCredential(fixture.fiveMinutes, rules)).to.equal(phone.address);
  });

  it('refuses a credential signed for another action or another channel', async () => {
    const action = refusal(() => verifyDeviceCredential(fixture.otherAction, rules));
    expect([action.code, action.field]).to.deep.equal(['UNAUTHENTICATED', 'authorization.action']);
    const channel = refusal(() => verifyDeviceCredential(fixture.otherChannel, rules));
    expect([channel.code, channel.field]).to.deep.equal(['UNAUTHENTICATED', 'authorization.channel']);
    expect(verifyDeviceCredential(fixture.otherChannel, { ...rules, channel: 'other' })).to.equal(phone.address);
  });

  const fixture = {} as Record<'expired' | 'tooLong' | 'fiveMinutes' | 'otherAction' | 'otherChannel', SignedDeviceRequest>;
  before(async () => {
    fixture.expired = await credential({ expiresAt: NOW });
    fixture.tooLong = await credential({ expiresAt: NOW + 6 * 60_000 });
    fixture.fiveMinutes = await credential({ expiresAt: NOW + 5 * 60_000 + 10_000 });
    fixture.otherAction = await credential({ action: 'gateway.dashboard' });
    fixture.otherChannel = await credential({ channel: 'other' });
  });
});

describe('auth: authenticating a registered device', () => {
  const active: DeviceInfo = { address: phone.address, deviceType: 'owner-phone', status: 'active', org: 'OemMSP' };

  it('returns the device from the registry when it is registered and active', async () => {
    const device = await authenticateDevice(await credential(), { ...rules, lookup: new Registry([active]) });
    expect(device).to.deep.equal({ address: phone.address, deviceType: 'owner-phone', org: 'OemMSP' });
  });

  it('refuses an unknown device with 401 and a suspended or revoked one with 403', async () => {
    const unknown = await asyncRefusal(authenticateDevice(await credential(), { ...rules, lookup: new Registry([]) }));
    expect([unknown.statusCode, unknown.field]).to.deep.equal([401, 'authorization.device']);
    for (const status of ['suspended', 'revoked']) {
      const refused = await asyncRefusal(authenticateDevice(await credential(), { ...rules, lookup: new Registry([{ ...active, status }]) }));
      expect([refused.code, refused.statusCode, refused.message]).to.deep.equal(['PERMISSION_DENIED', 403, `device ${phone.address} is ${status}`]);
    }
  });

  it('refuses a device type the call does not allow', async () => {
    const refused = await asyncRefusal(authenticateDevice(await credential(), { ...rules, lookup: new Registry([active]), deviceTypes: ['auditor-phone'] }));
    expect([refused.code, refused.field]).to.deep.equal(['PERMISSION_DENIED', 'authorization.device']);
  });

  it('answers 503 when the registry cannot be read, and never asks it for a bad signature', async () => {
    let asked = 0;
    const down: DeviceLookup = {
      getDevice: async () => {
        asked += 1;
        throw new DeviceLookupError('peer unavailable');
      },
    };
    const refused = await asyncRefusal(authenticateDevice(await credential(), { ...rules, lookup: down }));
    expect([refused.code, refused.statusCode]).to.deep.equal(['PEER_UNAVAILABLE', 503]);
    const forged = { ...(await credential({}, thief)), device: phone.address };
    await asyncRefusal(authenticateDevice(forged, { ...rules, lookup: down }));
    expect(asked).to.equal(1);
  });
});
