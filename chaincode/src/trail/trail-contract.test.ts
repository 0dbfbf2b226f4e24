import { expect } from 'chai';
import { TestDevice, registerDevice } from '../testing/devices';
import { rejection } from '../testing/rejection';
import { VinAuditWorld } from '../vinaudit/testing-world';
import { TrailContract } from './trail-contract';
import type { KeyHistoryResult } from './trail-types';

const VINS = ['1HGCM82633A004352', '1G4AH59H45G118341'];

describe('TrailContract.KeyHistory', () => {
  const trail = new TrailContract();
  let world: VinAuditWorld;

  async function keyHistory(kind: string, id: string, mspId = 'AuditMSP'): Promise<KeyHistoryResult> {
    return JSON.parse(await world.ledger.evaluate(trail, 'KeyHistory', [kind, id], { mspId })) as KeyHistoryResult;
  }

  beforeEach(async () => {
    world = await new VinAuditWorld(3).setUp();
  });

  it("returns a device's record and every nonce it consumed, oldest first, with exact values", async () => {
    const phone = TestDevice.create('auditor-phone', 'trail phone');
    await registerDevice(world.ledger, world.devices, phone);
    const suspend = await world.ledger.submit(world.devices, 'Suspend', [JSON.stringify({ address: phone.address, reason: 'lost' })], { mspId: 'AuditMSP' });

    const history = await keyHistory('device', phone.address.toLowerCase());
    expect(history.id, 'checksummed').to.equal(phone.address);
    const record = history.keys.find((key) => key.role === 'record');
    expect(record?.display).to.equal(`device/${phone.address}`);
    expect(record?.key).to.equal(`\u0000device\u0000${phone.address}\u0000`);
    expect(record?.modifications.map((entry) => entry.txId)).to.have.length(2);
    expect(record?.modifications[1]?.txId).to.equal(suspend.txId);
    const latest = JSON.parse(Buffer.from(record?.modifications[1]?.valueBase64 ?? '', 'base64').toString('utf8')) as { status: string };
    expect(latest.status).to.equal('suspended');
    const timestamps = record?.modifications.map((entry) => entry.timestampMs) ?? [];
    expect(timestamps).to.deep.equal([...timestamps].sort((a, b) => a - b));
    const nonces = history.keys.filter((key) => key.display.startsWith(`device~nonce/${phone.address}/`));
    expect(nonces, 'the registration request consumed one nonce').to.have.length(1);
    expect(nonces[0]?.role).to.equal('index');
    expect(history.truncated).to.equal(false);
  });

  it("follows a VIN's index entries to the units they name, and an audit to its parts", async () => {
    const unitIds = await world.lotWith('lot-1', VINS);
    const vinTrail = await keyHistory('vin', VINS[0] ?? '');
    const displays = vinTrail.keys.map((key) => key.display);
    expect(displays).to.include(`vinaudit-vin~unit/${VINS[0]}/lot-1/${unitIds[0]}`);
    expect(displays).to.include(`vinaudit-unit/lot-1/${unitIds[0]}`);
    expect(displays.some((display) => display.includes(unitIds[1] ?? '-')), 'the other VIN is not in this trail').to.equal(false);
    expect(vinTrail.keys.find((key) => key.display.startsWith('vinaudit-unit/'))?.role).to.equal('related');

    const auditId = await world.openAudit('lot-1');
    await world.checkIn(auditId);
    const auditTrail = await keyHistory('audit', auditId);
    expect(auditTrail.keys[0]?.display).to.equal(`vinaudit-audit/${auditId}`);
    expect(auditTrail.keys[0]?.role).to.equal('record');
    expect(auditTrail.keys.some((key) => key.display.startsWith(`vinaudit-checkin/${auditId}/`))).to.equal(true);
  });

  it('leaves out keys that were never written', async () => {
    const history = await keyHistory('pairing', 'a'.repeat(64));
    expect(history).to.deep.equal({ kind: 'pairing', id: 'a'.repeat(64), keys: [], truncated: false });
  });

  it('names the offending argument and refuses non-member orgs', async () => {
    expect((await rejection(keyHistory('car', 'x'))).message).to.equal('INVALID_ARGUMENT: kind: must be one of vin, pairing, device, ride, audit');
    const badVin = await rejection(keyHistory('vin', 'NOT-A-VIN'));
    expect([badVin.code, badVin.field]).to.deep.equal(['INVALID_ARGUMENT', 'id']);
    const badRide = await rejection(keyHistory('ride', 'ABC'));
    expect(badRide.field).to.equal('id');
    expect((await rejection(keyHistory('vin', VINS[0] ?? '', 'OtherMSP'))).code).to.equal('PERMISSION_DENIED');
  });
});
