import { signDeviceRequest } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { Wallet } from 'ethers';
import { DeviceAuthError } from './auth-error';
import { decodeDeviceToken, deviceTokenOf, encodeDeviceAuthorization } from './authorization-header';

function fieldOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).to.be.instanceOf(DeviceAuthError);
    expect((error as DeviceAuthError).code).to.equal('UNAUTHENTICATED');
    return (error as DeviceAuthError).field;
  }
  throw new Error('expected a refusal');
}

describe('auth: the Authorization: Device header', () => {
  it('round-trips a signed request through base64url JSON', async () => {
    const request = await signDeviceRequest(Wallet.createRandom(), { action: 'gateway.subscribe', channel: 'mobility', payload: {}, nonce: 'nonce-0001', expiresAt: 1 });
    const header = encodeDeviceAuthorization(request);
    expect(header).to.match(/^Device [A-Za-z0-9_-]+$/);
    expect(decodeDeviceToken(deviceTokenOf(header))).to.deep.equal(request);
    expect(decodeDeviceToken(deviceTokenOf(header.replace('Device', 'device')))).to.deep.equal(request);
  });

  it('refuses a missing header, another scheme, and tokens that are not signed requests', async () => {
    expect(fieldOf(() => deviceTokenOf(undefined))).to.equal('authorization');
    expect(fieldOf(() => deviceTokenOf('Bearer abc'))).to.equal('authorization');
    expect(fieldOf(() => deviceTokenOf('Device'))).to.equal('authorization');
    expect(fieldOf(() => decodeDeviceToken('not base64!'))).to.equal('authorization');
    expect(fieldOf(() => decodeDeviceToken(Buffer.from('{').toString('base64url')))).to.equal('authorization');
    const unsigned = { device: '0x' + '1'.repeat(40), action: 'a', channel: 'mobility', payload: {}, nonce: 'nonce-0001', expiresAt: 1 };
    expect(fieldOf(() => decodeDeviceToken(Buffer.from(JSON.stringify(unsigned)).toString('base64url')))).to.equal('authorization.signature');
    const badDevice = { ...unsigned, device: 'phone', signature: '0x' + 'ab'.repeat(65) };
    expect(fieldOf(() => decodeDeviceToken(Buffer.from(JSON.stringify(badDevice)).toString('base64url')))).to.equal('authorization.device');
    expect(fieldOf(() => decodeDeviceToken('a'.repeat(9000)))).to.equal('authorization');
  });
});
