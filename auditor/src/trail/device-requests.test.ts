import { expect } from 'chai';
import { deviceRequestsIn } from './device-requests';

const request = (device: string, action: string, nonce: string) => ({ device, action, channel: 'mobility', payload: { x: 1 }, nonce, expiresAt: 1, signature: '0x00' });

describe('device requests in transaction arguments', () => {
  it('finds top-level and nested signed requests in argument order', () => {
    const prePair = { device: request('0xPhone', 'pairing.requestPrePairing', 'n1'), reports: [request('0xEcu', 'pairing.reportVehicle', 'n2'), request('0xKey', 'pairing.reportVehicle', 'n3')] };
    const found = deviceRequestsIn([JSON.stringify(request('0xDev', 'devices.register', 'n0')), JSON.stringify(prePair)]);
    expect(found).to.deep.equal([
      { device: '0xDev', action: 'devices.register', nonce: 'n0' },
      { device: '0xPhone', action: 'pairing.requestPrePairing', nonce: 'n1' },
      { device: '0xEcu', action: 'pairing.reportVehicle', nonce: 'n2' },
      { device: '0xKey', action: 'pairing.reportVehicle', nonce: 'n3' },
    ]);
  });

  it('ignores arguments that are not JSON and objects that only look partly like requests', () => {
    const partial = { device: '0xA', action: 'x', nonce: 'n' }; // no signature, no payload
    expect(deviceRequestsIn(['plain', '42', JSON.stringify(partial), JSON.stringify({ address: '0xB', reason: 'lost' })])).to.deep.equal([]);
  });
});
