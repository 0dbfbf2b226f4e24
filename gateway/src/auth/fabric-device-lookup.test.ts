import { expect } from 'chai';
import { DeviceLookupError } from './device-lookup';
import { FabricDeviceLookup } from './fabric-device-lookup';

const PHONE = '0x1111111111111111111111111111111111111111';
const record = { address: PHONE, publicKey: '0x04', type: 'owner-phone', org: 'OemMSP', status: 'active', registeredAtMs: 1, registeredTxId: 't', updatedAtMs: 1 };

/** How a fabric-gateway evaluate fails when the chaincode refuses: the message in the peer's ErrorDetail. */
function chaincodeError(message: string): Error {
  return Object.assign(new Error('10 ABORTED: failed to evaluate transaction, see attached details for more info'), {
    details: [{ address: 'peer0:7051', mspId: 'OemMSP', message: `chaincode response 500, ${message}` }],
  });
}

/** Stands in for the peer: answers devices:Get from a table, counting the calls. */
class PeerStandIn {
  calls: string[] = [];
  records = new Map<string, typeof record>([[PHONE, record]]);
  down = false;
  gate: Promise<void> = Promise.resolve();

  async evaluateTransaction(name: string, ...args: (string | Uint8Array)[]): Promise<Uint8Array> {
    const address = String(args[0]);
    this.calls.push(`${name}(${address})`);
    await this.gate;
    if (this.down) throw Object.assign(new Error('14 UNAVAILABLE: No connection established'), { details: [] });
    const found = this.records.get(address);
    if (!found) throw chaincodeError(`NOT_FOUND: device: ${address} is not registered`);
    return Buffer.from(JSON.stringify(found));
  }
}

describe('auth: the Fabric-backed device lookup', () => {
  let now: number;
  let peer: PeerStandIn;
  let lookup: FabricDeviceLookup;

  beforeEach(() => {
    now = 0;
    peer = new PeerStandIn();
    lookup = new FabricDeviceLookup(peer, { ttlMs: 1_000, now: () => now });
  });

  it('maps the device record and caches it for the TTL', async () => {
    expect(await lookup.getDevice(PHONE)).to.deep.equal({ address: PHONE, deviceType: 'owner-phone', status: 'active', org: 'OemMSP' });
    now = 999;
    await lookup.getDevice(PHONE.toUpperCase().replace('0X', '0x'));
    expect(peer.calls).to.deep.equal([`devices:Get(${PHONE})`]);
    now = 1_000;
    peer.records.set(PHONE, { ...record, status: 'suspended' });
    expect((await lookup.getDevice(PHONE))?.status).to.equal('suspended');
    expect(peer.calls).to.have.length(2);
  });

  it('answers undefined for an unregistered device, also cached briefly', async () => {
    const stranger = '0x2222222222222222222222222222222222222222';
    expect(await lookup.getDevice(stranger)).to.equal(undefined);
    expect(await lookup.getDevice(stranger)).to.equal(undefined);
    expect(peer.calls).to.have.length(1);
  });

  it('forgets a device on invalidate, even while a read is under way', async () => {
    await lookup.getDevice(PHONE);
    lookup.invalidate(PHONE);
    let open: () => void = () => undefined;
    peer.gate = new Promise((resolve) => (open = resolve));
    const reading = lookup.getDevice(PHONE);
    lookup.invalidate(PHONE);
    open();
    await reading;
    peer.gate = Promise.resolve();
    await lookup.getDevice(PHONE);
    expect(peer.calls).to.have.length(3);
  });

  it('asks the peer once for concurrent lookups of one device', async () => {
    const answers = await Promise.all([lookup.getDevice(PHONE), lookup.getDevice(PHONE), lookup.getDevice(PHONE)]);
    expect(answers.map((device) => device?.address)).to.deep.equal([PHONE, PHONE, PHONE]);
    expect(peer.calls).to.have.length(1);
  });

  it('throws DeviceLookupError when the peer cannot answer, and caches nothing', async () => {
    peer.down = true;
    let failure: unknown;
    try {
      await lookup.getDevice(PHONE);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(DeviceLookupError);
    peer.down = false;
    expect((await lookup.getDevice(PHONE))?.status).to.equal('active');
  });
});
