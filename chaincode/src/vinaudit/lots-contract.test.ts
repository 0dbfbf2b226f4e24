import { expect } from 'chai';
import { LOT_LOCATION, VinAuditWorld, parking } from './testing-world';
import { rejection } from '../testing/rejection';

const VINS = ['1HGCM82633A004352', '1G4AH59H45G118341'];

describe('VinAuditLotsContract', () => {
  let world: VinAuditWorld;

  beforeEach(async () => {
    world = await new VinAuditWorld(0).setUp();
  });

  it('lets only a lender org register lots, and names the lender on the lot', async () => {
    const args = { lotId: 'lot-1', name: 'Main', dealerName: 'Dealer', dealerMsp: 'MobilityMSP', location: LOT_LOCATION, radiusMm: 100_000, listMode: 'descriptions' };
    const refused = await rejection(world.ledger.submit(world.lots, 'RegisterLot', [JSON.stringify(args)], { mspId: 'OemMSP' }));
    expect(refused.code).to.equal('PERMISSION_DENIED');
    const { event } = await world.lender(world.lots, 'RegisterLot', args);
    expect(await world.query(world.lots, 'GetLot', 'lot-1')).to.include({ lenderMsp: 'AuditMSP', dealerMsp: 'MobilityMSP' });
    expect(event?.payload.notices[0]?.to).to.deep.equal(['org:AuditMSP', 'org:MobilityMSP']);
  });

  it('narrows a caller to the role in its certificate attribute', async () => {
    const args = { lotId: 'lot-2', name: 'Second', dealerName: 'Dealer', location: LOT_LOCATION, radiusMm: 100_000, listMode: 'descriptions' };
    const viewer = await rejection(world.lender(world.lots, 'RegisterLot', args, { attributes: { 'vinaudit.role': 'viewer' } }));
    expect(viewer.rule).to.contain('role viewer');
    const clerk = await rejection(world.lender(world.lots, 'SetPolicy', {}, { attributes: { 'vinaudit.role': 'inventory-clerk' } }));
    expect(clerk.code).to.equal('PERMISSION_DENIED');
    await world.lender(world.lots, 'RegisterLot', args, { attributes: { 'vinaudit.role': 'lender-admin' } });
  });

  it('records vehicles by the lender or the dealer org, releases only by the lender', async () => {
    const [unitId] = await world.lotWith('lot-1', [VINS[0]!], { dealerMsp: 'MobilityMSP' });
    const dealerRecords = { lotId: 'lot-1', vehicles: [{ vin: VINS[1], description: 'blue FORD FUSION, 2 door', location: parking(1) }] };
    await world.ledger.submit(world.lots, 'RecordVehicles', [JSON.stringify(dealerRecords)], { mspId: 'MobilityMSP' });
    const stranger = await rejection(world.ledger.submit(world.lots, 'RecordVehicles', [JSON.stringify(dealerRecords)], { mspId: 'OemMSP' }));
    expect(stranger.code).to.equal('PERMISSION_DENIED');
    const release = JSON.stringify({ lotId: 'lot-1', unitId, reason: 'paid-off' });
    expect((await rejection(world.ledger.submit(world.lots, 'ReleaseVehicle', [release], { mspId: 'MobilityMSP' }))).code).to.equal('PERMISSION_DENIED');
    await world.ledger.submit(world.lots, 'ReleaseVehicle', [release], { mspId: 'AuditMSP' });
    const index = await world.query<{ financing: unknown[] }>(world.lots, 'GetVinIndex', VINS[0]!);
    expect(index.financing).to.deep.equal([]);
  });

  it('records a VIN failing its check digit with a finding and a notice, not an error', async () => {
    await world.lotWith('lot-1', []);
    const { result, event } = await world.lender(world.lots, 'RecordVehicles', { lotId: 'lot-1', vehicles: [{ vin: '1M8GDM9A0KP042788', description: 'truck', location: parking(0) }, { vin: 'WP0ZZZ99ZTS392124', description: 'Porsche', location: parking(1) }] });
    expect((JSON.parse(result) as { units: { vinCheck: string }[] }).units.map((unit) => unit.vinCheck)).to.deep.equal(['invalid', 'not-applicable']);
    expect(event?.payload.notices.map((notice) => notice.type)).to.deep.equal(['vinaudit.VehiclesRecorded', 'vinaudit.VinCheckFailed']);
    expect(event?.payload.notices[1]?.data).to.include({ vin: '1M8GDM9A0KP042788', expectedCheckDigit: 'X' });
  });

  it('refuses the same VIN twice on one lot', async () => {
    await world.lotWith('lot-1', [VINS[0]!]);
    const again = await rejection(world.lender(world.lots, 'RecordVehicles', { lotId: 'lot-1', vehicles: [{ vin: VINS[0], description: 'again', location: parking(3) }] }));
    expect(again).to.include({ code: 'ALREADY_EXISTS', field: 'args.vehicles[0].vin' });
  });

  it('detects double flooring of a VIN across lots and tells every lender and dealer', async () => {
    await world.lotWith('lot-1', [VINS[0]!], { dealerMsp: 'MobilityMSP' });
    await world.lender(world.lots, 'RegisterLot', { lotId: 'lot-2', name: 'Other', dealerName: 'Other dealer', dealerMsp: 'OemMSP', location: LOT_LOCATION, radiusMm: 100_000, listMode: 'descriptions' });
    const { result, event } = await world.ledger.submit(world.lots, 'RecordVehicles', [JSON.stringify({ lotId: 'lot-2', vehicles: [{ vin: VINS[0], description: 'same car', location: parking(0) }] })], { mspId: 'OemMSP' });
    expect((JSON.parse(result) as { doubleFlooring: { lots: string[] }[] }).doubleFlooring[0]?.lots).to.deep.equal(['lot-1', 'lot-2']);
    const notice = event?.payload.notices.find((entry) => entry.type === 'vinaudit.DoubleFlooring');
    expect(notice?.to).to.deep.equal(['org:AuditMSP', 'org:MobilityMSP', 'org:OemMSP']);
    const index = await world.query<{ financing: { lotId: string }[]; doubleFlooring: unknown[] }>(world.lots, 'GetVinIndex', VINS[0]!);
    expect(index.financing.map((entry) => entry.lotId)).to.deep.equal(['lot-1', 'lot-2']);
    expect(index.doubleFlooring).to.have.length(1);
  });

  it('records and clears exceptions; a released unit takes none', async () => {
    const [unitId] = await world.lotWith('lot-1', [VINS[0]!]);
    const { result } = await world.lender(world.lots, 'RecordException', { lotId: 'lot-1', unitId, reason: 'in-transit', note: 'to body shop' });
    expect(JSON.parse(result)).to.deep.include({ status: 'exception', exception: { reason: 'in-transit', note: 'to body shop', recordedBy: 'AuditMSP', recordedAtMs: world.ledger.clockMs } });
    const cleared = JSON.parse((await world.lender(world.lots, 'ClearException', { lotId: 'lot-1', unitId })).result);
    expect(cleared.status).to.equal('financed');
    expect(cleared.exception).to.equal(undefined);
    await world.lender(world.lots, 'ReleaseVehicle', { lotId: 'lot-1', unitId, reason: 'paid-off' });
    expect((await rejection(world.lender(world.lots, 'RecordException', { lotId: 'lot-1', unitId, reason: 'sold' }))).code).to.equal('FAILED_PRECONDITION');
  });

  it('lists lots nearest first, and all lots by name when GPS is off', async () => {
    const far = { latE6: LOT_LOCATION.latE6 + 50_000, lonE6: LOT_LOCATION.lonE6 };
    await world.lotWith('a-far', [], { name: 'Alpha' }, far);
    await world.lotWith('b-near', [], { name: 'Zulu' });
    const located = await world.query<{ nearest: { lotId: string; distanceMm: number }[]; all: { lotId: string }[] }>(world.lots, 'LotsNearby', JSON.stringify({ gps: LOT_LOCATION }));
    expect(located.nearest.map((lot) => lot.lotId)).to.deep.equal(['b-near', 'a-far']);
    expect(located.nearest[0]?.distanceMm).to.equal(0);
    const blind = await world.query<{ nearest: unknown[]; all: { lotId: string }[] }>(world.lots, 'LotsNearby', JSON.stringify({ gps: null }));
    expect(blind.nearest).to.deep.equal([]);
    expect(blind.all.map((lot) => lot.lotId)).to.deep.equal(['a-far', 'b-near']);
  });

  it('keeps thresholds per lender, refuses inconsistent ones, and lets only a lender change them', async () => {
    const policy = await world.query<{ policy: { verifierQuorum: number } }>(world.lots, 'GetPolicy', 'AuditMSP');
    const bad = { ...policy.policy, verifierQuorum: 5, verifiersPerPhoto: 3 };
    expect((await rejection(world.lender(world.lots, 'SetPolicy', bad))).field).to.equal('policy.verifierQuorum');
    const other = await rejection(world.ledger.submit(world.lots, 'SetPolicy', [JSON.stringify(policy.policy)], { mspId: 'MobilityMSP' }));
    expect(other.code).to.equal('PERMISSION_DENIED');
  });
});
