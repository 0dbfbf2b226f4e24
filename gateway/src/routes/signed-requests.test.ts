import { signDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { expect } from 'chai';
import { Wallet, id } from 'ethers';
import { ApiError } from '../api/api-error';
import { decodeAuthorizationRequest, fieldOfRequest, locateSignedRequests, precheckBody } from './signed-requests';

const wallet = new Wallet(id('signed requests test'));
const fix = (nonce: string) =>
  signDeviceRequest(wallet, { action: 'pairing.reportFix', channel: 'mobility', payload: { pairingId: 'p', position: { latE6: 1, lonE6: 2 }, fixTimeMs: 1 }, nonce, expiresAt: Date.now() + 60_000 });

/** The checksummed address with the case of one letter flipped: mixed case, wrong checksum. */
function breakChecksum(address: string): string {
  const index = [...address].findIndex((char, position) => position > 1 && /[a-fA-F]/.test(char));
  const char = address.charAt(index);
  return `${address.slice(0, index)}${char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()}${address.slice(index + 1)}`;
}

function refusal(run: () => void): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('signed request pre-check', () => {
  it('finds requests at the body, in arrays and in nested transient data, by body path', async () => {
    const [a, b] = [await fix('nonce-0001'), await fix('nonce-0002')];
    expect(locateSignedRequests(a, 'body').map((found) => found.field)).to.deep.equal(['']);
    expect(locateSignedRequests({ reports: [a, b] }, 'body.reports[]').map((found) => found.field)).to.deep.equal(['reports[0]', 'reports[1]']);
    expect(locateSignedRequests({ transient: { fixes: { vehicle: a } } }, 'body.transient.fixes.vehicle').map((found) => found.field)).to.deep.equal(['transient.fixes.vehicle']);
    expect(locateSignedRequests({ transient: {} }, 'body.transient.fixes.device')).to.deep.equal([]);
    expect(locateSignedRequests(a, 'header')).to.deep.equal([]);
  });

  it('refuses a tampered nested request, naming where it is', async () => {
    const good = await fix('nonce-0003');
    const tampered = { ...(await fix('nonce-0004')), nonce: 'nonce-9999' };
    const body = { transient: { fixes: { vehicle: good, device: tampered } } };
    const specs = [
      { at: 'body.transient.fixes.vehicle', action: 'pairing.reportFix' },
      { at: 'body.transient.fixes.device', action: 'pairing.reportFix' },
    ];
    const error = refusal(() => precheckBody(body, specs, 'mobility'));
    expect([error.status, error.field]).to.deep.equal([401, 'transient.fixes.device.signature']);
    expect(() => precheckBody({ transient: { fixes: { vehicle: good, device: good } } }, specs, 'mobility')).to.not.throw();
    const badChecksum = refusal(() => precheckBody({ ...good, device: breakChecksum(good.device) }, [{ at: 'body', action: 'pairing.reportFix' }], 'mobility'));
    expect([badChecksum.status, badChecksum.field]).to.deep.equal([400, 'device']);
    const tooLong = refusal(() => precheckBody(good, [{ at: 'body', action: 'pairing.reportFix' }], 'mobility', Date.now() - 25 * 3600 * 1000));
    expect([tooLong.status, tooLong.field]).to.deep.equal([400, 'expiresAt']);
  });

  it('decodes Authorization: Device <base64url(JSON)>, and names the header when it is not one', () => {
    const request = { hello: 'world' };
    expect(decodeAuthorizationRequest(`Device ${Buffer.from(JSON.stringify(request)).toString('base64url')}`)).to.deep.equal(request);
    for (const header of [undefined, 'Bearer abc', 'Device not*base64', `Device ${Buffer.from('not json').toString('base64url')}`]) {
      const error = refusal(() => decodeAuthorizationRequest(header));
      expect([error.status, error.field], String(header)).to.deep.equal([401, 'authorization']);
    }
    expect(fieldOfRequest('authorization', '/payload/rideId')).to.equal('authorization.payload.rideId');
    expect(fieldOfRequest('authorization', '')).to.equal('authorization');
  });
});
