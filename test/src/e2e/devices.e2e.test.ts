import { expect } from 'chai';
import { Wallet } from 'ethers';
import { E2eNetwork, signedRequest } from '../support/e2e-network';

const utf8 = new TextDecoder();

describe('end to end: device registry through fabric-gateway', function () {
  this.timeout(120_000);
  let network: E2eNetwork;

  before(async () => {
    network = await E2eNetwork.start(10100);
  });

  after(async () => {
    await network?.stop();
  });

  it('registers a device with submit, reads it with evaluate', async () => {
    const phone = Wallet.createRandom();
    const request = await signedRequest(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'owner-phone' });
    const contract = network.clients.oem.contract();
    const result = await contract.submitTransaction('devices:Register', JSON.stringify(request));
    expect(JSON.parse(utf8.decode(result))).to.include({ address: phone.address, org: 'OemMSP', status: 'active' });
    const read = await network.clients.audit.contract().evaluateTransaction('devices:Get', phone.address);
    expect(JSON.parse(utf8.decode(read)).address).to.equal(phone.address);
  });
});
