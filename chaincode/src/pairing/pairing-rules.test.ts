import { expect } from 'chai';
import { distanceMm } from '../lib/geo';
import { commitmentOf, differingOwnerIdentityFields, differingOwnershipFields, normalizeText } from './ownership';
import { attemptIdFor, pairingIdFor } from './pairing-ids';
import { effectiveStatus, roleAllows, secondaryValidityProblem } from './pairing-status';
import { FIX_MAX_AGE_MS, FIX_MAX_FUTURE_MS, FIX_MAX_GAP_MS, fixTimingProblem, proximityDecision } from './proximity';
import { OWNER, VIN_A, VIN_B, identification, phoneOpening, pointsAtDistance, vehicleOpening } from './testing/pairing-scene';
import { assessComponentReports, normalizeVehicle, vehicleDataHash, type ComponentReport } from './vehicle-reports';

const PHONE = '0x1111111111111111111111111111111111111111';

function report(address: string, changes: Partial<ComponentReport['payload']> = {}, boundVin?: string): ComponentReport {
  return {
    component: { address, vin: boundVin },
    payload: { vehicle: identification(VIN_A), powerState: 'on', forDevice: PHONE, ...changes },
  };
}

describe('pairing rules', () => {
  describe('component reports', () => {
    it('accept agreeing reports in any option order and give one normalized identification', () => {
      const shuffled = identification(VIN_A, { options: ['panoramic-roof', 'heated-seats', 'heated-seats'] });
      const result = assessComponentReports([report('a', {}, VIN_A), report('b', { vehicle: shuffled })], VIN_A);
      expect(result.reasons).to.deep.equal([]);
      expect(result.agreed).to.deep.equal(normalizeVehicle(identification(VIN_A)));
      expect(vehicleDataHash(shuffled)).to.equal(vehicleDataHash(identification(VIN_A)));
    });

    it('name every disagreeing field and every broken rule', () => {
      const result = assessComponentReports(
        [report('a'), report('b', { vehicle: identification(VIN_A, { plant: 'Tahara', buildDate: '2025-11-04' }), powerState: 'off' })],
        VIN_A,
      );
      expect(result.agreed).to.equal(undefined);
      expect(result.reasons).to.deep.equal(['component-mismatch', 'vehicle-off']);
      expect(result.details).to.include('reports[1]: disagrees with reports[0] on buildDate, plant');
    });

    it('hold a component to the VIN it is bound to, and the reports to the requested VIN', () => {
      const bound = assessComponentReports([report('a', {}, VIN_B), report('b')], VIN_A);
      expect(bound.reasons).to.deep.equal(['component-vin-binding']);
      const other = assessComponentReports([report('a', { vehicle: identification(VIN_B) }), report('b', { vehicle: identification(VIN_B) })], VIN_A);
      expect(other.reasons).to.deep.equal(['vin-mismatch']);
      expect(other.reportedVins).to.deep.equal([VIN_B]);
    });
  });

  describe('ownership data', () => {
    it('match the common fields after normalizing names and places', () => {
      const phone = phoneOpening([VIN_A], { ownerName: `  ${OWNER.name.toUpperCase()} `, purchasePlace: 'sunrise   motors plano' }).data;
      expect(differingOwnershipFields(phone, vehicleOpening(VIN_A).data, VIN_A)).to.deep.equal([]);
    });

    it('report each differing common field, and the VIN when either side lacks it', () => {
      const vehicle = vehicleOpening(VIN_A, { ownerName: 'Someone Else', purchaseDate: '2026-01-02' }).data;
      expect(differingOwnershipFields(phoneOpening([VIN_A]).data, vehicle, VIN_A)).to.deep.equal(['ownerName', 'purchaseDate']);
      expect(differingOwnershipFields(phoneOpening([VIN_B]).data, vehicleOpening(VIN_A).data, VIN_A)).to.deep.equal(['vin']);
    });

    it('compare an optional field only when both sides carry it', () => {
      const phone = phoneOpening([VIN_A], { purchasePlace: undefined, ownerAddress: undefined }).data;
      expect(differingOwnershipFields(phone, vehicleOpening(VIN_A, { purchasePlace: 'Elsewhere' }).data, VIN_A)).to.deep.equal([]);
    });

    it('compare only the owner identity for another vehicle', () => {
      const other = vehicleOpening(VIN_B, { purchaseDate: '2024-05-05', purchasePlace: 'Another Dealer' }).data;
      expect(differingOwnerIdentityFields(phoneOpening([VIN_A]).data, other)).to.deep.equal([]);
      expect(differingOwnerIdentityFields(phoneOpening([VIN_A]).data, { ...other, ownerName: 'Eve' })).to.deep.equal(['ownerName']);
    });

    it('commit to data and salt together', () => {
      const opening = phoneOpening([VIN_A]);
      expect(commitmentOf(opening)).to.match(/^[0-9a-f]{64}$/);
      expect(commitmentOf({ ...opening, salt: '0'.repeat(32) })).to.not.equal(commitmentOf(opening));
      expect(normalizeText(' A\tB  c ')).to.equal('a b c');
    });
  });

  describe('proximity', () => {
    it('enables pairing at 9 999 and 10 000 mm and not at 10 001 mm', () => {
      for (const [target, enabled] of [[9_999, true], [10_000, true], [10_001, false]] as const) {
        const { vehicle, device } = pointsAtDistance(target);
        expect(distanceMm(vehicle, device)).to.equal(target);
        expect(proximityDecision(vehicle, device, 10_000)).to.deep.equal({ distanceMm: target, enabled });
      }
    });

    it('accepts fixes exactly at the edges of the freshness windows and refuses beyond them', () => {
      const now = 1_000_000;
      expect(fixTimingProblem({ vehicleFixMs: now - FIX_MAX_AGE_MS, deviceFixMs: now - FIX_MAX_AGE_MS + FIX_MAX_GAP_MS }, now)).to.equal(undefined);
      expect(fixTimingProblem({ vehicleFixMs: now - FIX_MAX_AGE_MS - 1, deviceFixMs: now }, now)?.field).to.equal('fixes.vehicle.payload.fixTimeMs');
      expect(fixTimingProblem({ vehicleFixMs: now, deviceFixMs: now + FIX_MAX_FUTURE_MS + 1 }, now)?.field).to.equal('fixes.device.payload.fixTimeMs');
      expect(fixTimingProblem({ vehicleFixMs: now + FIX_MAX_FUTURE_MS, deviceFixMs: now }, now)).to.equal(undefined);
      expect(fixTimingProblem({ vehicleFixMs: now - FIX_MAX_GAP_MS - 1, deviceFixMs: now }, now)?.field).to.equal('fixes');
    });
  });

  describe('status, roles and validity', () => {
    it('treats a live pairing past its end as expired, and leaves ended ones alone', () => {
      expect(effectiveStatus({ status: 'paired', validUntilMs: 100 }, 99)).to.equal('paired');
      expect(effectiveStatus({ status: 'paired', validUntilMs: 100 }, 100)).to.equal('expired');
      expect(effectiveStatus({ status: 'revoked', validUntilMs: 100 }, 200)).to.equal('revoked');
      expect(effectiveStatus({ status: 'pre-paired' }, Number.MAX_SAFE_INTEGER)).to.equal('pre-paired');
    });

    it('lets roles do less from owner to guest', () => {
      expect(roleAllows('owner', 'settings')).to.equal(true);
      expect(roleAllows('driver', 'start')).to.equal(true);
      expect(roleAllows('driver', 'settings')).to.equal(false);
      expect(roleAllows('guest', 'start')).to.equal(false);
      expect(roleAllows('guest', 'unlock')).to.equal(true);
    });

    it('requires an end for guests, in the future, and not too far', () => {
      expect(secondaryValidityProblem('driver', undefined, 10, 100)).to.equal(undefined);
      expect(secondaryValidityProblem('guest', undefined, 10, 100)).to.contain('required');
      expect(secondaryValidityProblem('driver', 10, 10, 100)).to.contain('after the transaction time');
      expect(secondaryValidityProblem('guest', 110, 10, 100)).to.equal(undefined);
      expect(secondaryValidityProblem('guest', 111, 10, 100)).to.contain('at most 100 ms');
    });
  });

  it('derives identifiers deterministically and uniquely per transaction, vehicle and device', () => {
    expect(pairingIdFor('tx1', VIN_A, PHONE)).to.equal(pairingIdFor('tx1', VIN_A, PHONE));
    const ids = new Set([pairingIdFor('tx1', VIN_A, PHONE), pairingIdFor('tx2', VIN_A, PHONE), pairingIdFor('tx1', VIN_B, PHONE), attemptIdFor('tx1')]);
    expect(ids.size).to.equal(4);
  });
});
