import { expect } from 'chai';
import { sha256Hex } from '../lib/hash';
import { TestDevice, registerDevice } from '../testing/devices';
import type { CaptureRecord } from './audit-types';
import { AUDITOR_PERSON, VinAuditWorld, photographed, verification, walkthrough } from './testing-world';
import type { VerdictRecord } from './verdict-types';
import { rejection } from '../testing/rejection';

const VINS = ['1HGCM82633A004352', '1G4AH59H45G118341', '1M8GDM9AXKP042788'];

describe('VIN audit: crowd verification', () => {
  let world: VinAuditWorld;
  let unitIds: string[];
  let accomplice: TestDevice;

  /** A verifier device of the auditor's own person, enrolled in the crowd beside the independent ones. */
  async function enrollAccomplice(): Promise<void> {
    accomplice = TestDevice.create('crowd-verifier', 'the auditor, verifying');
    await registerDevice(world.ledger, world.devices, accomplice);
    await world.lender(world.crowd, 'EnrollVerifier', { device: accomplice.address, personRef: AUDITOR_PERSON });
  }

  async function submitted(photoCount = 3): Promise<string> {
    const auditId = await world.openAudit('lot-1');
    await world.checkIn(auditId);
    await world.submit(walkthrough(auditId, VINS.slice(0, photoCount).map((_, index) => photographed(index, `p-${index}`, { unitId: unitIds[index] }))));
    return auditId;
  }

  async function capturesOf(auditId: string): Promise<CaptureRecord[]> {
    return (await world.query<{ captures: CaptureRecord[] }>(world.audits, 'GetAudit', auditId)).captures;
  }

  it('never assigns a verifier who is the auditor, and refuses that verifier’s reading', async () => {
    world = await new VinAuditWorld(3).setUp();
    unitIds = await world.lotWith('lot-1', VINS);
    await enrollAccomplice();
    const auditId = await submitted();
    const captures = await capturesOf(auditId);
    expect(captures.every((capture) => capture.verifiers.length === 3 && !capture.verifiers.includes(accomplice.address))).to.equal(true);
    const refused = await rejection(world.ledger.submit(world.crowd, 'SubmitVerification', [await verification(world, accomplice, { auditId, captureIndex: 0, attempt: 1 }, VINS[0] ?? null)]));
    expect(refused).to.include({ code: 'PERMISSION_DENIED', rule: 'is not assigned to this photo' });
  });

  it('refuses an assigned verifier later found to be the auditor', async () => {
    world = await new VinAuditWorld(3).setUp();
    unitIds = await world.lotWith('lot-1', VINS);
    const auditId = await submitted(1);
    const verifier = world.verifiers[0]!;
    await world.lender(world.crowd, 'Retire', { device: verifier.address });
    await world.lender(world.crowd, 'EnrollVerifier', { device: verifier.address, personRef: AUDITOR_PERSON });
    const refused = await rejection(world.ledger.submit(world.crowd, 'SubmitVerification', [await verification(world, verifier, { auditId, captureIndex: 0, attempt: 1 }, VINS[0] ?? null)]));
    expect(refused).to.include({ code: 'PERMISSION_DENIED', rule: 'belongs to the auditor of this audit' });
  });

  it('refuses a submission when too few independent verifiers are enrolled for the quorum', async () => {
    world = await new VinAuditWorld(2).setUp();
    unitIds = await world.lotWith('lot-1', VINS);
    await enrollAccomplice();
    const auditId = await world.openAudit('lot-1');
    await world.checkIn(auditId);
    const error = await rejection(world.submit(walkthrough(auditId, [photographed(0, 'p', { unitId: unitIds[0] })])));
    expect(error).to.include({ code: 'FAILED_PRECONDITION', field: 'crowd' });
    // Typed VINs need no crowd.
    const typed = walkthrough(auditId, [{ ...photographed(0, 'p'), photoHash: undefined, manualEntry: true, vinRead: VINS[0] }]);
    delete typed.vehicles[0]!.photoHash;
    expect(JSON.parse((await world.submit(typed)).result)).to.include({ status: 'finalized' });
  });

  it('fixes the majority at quorum, closes the other tasks and refuses late, repeated or stale readings', async () => {
    world = await new VinAuditWorld(4).setUp({ verifiersPerPhoto: 4, verifierQuorum: 3, minMotionChangePoints: 2 });
    unitIds = await world.lotWith('lot-1', VINS);
    const auditId = await submitted(2);
    const [capture] = await capturesOf(auditId);
    const assigned = world.verifiers.filter((verifier) => capture?.verifiers.includes(verifier.address));
    expect(assigned).to.have.length(4);
    const task = { auditId, captureIndex: 0, attempt: 1 };
    const readings = [VINS[0], VINS[0], '5GZCZ43D13S812715'];
    for (const [index, vin] of readings.entries()) {
      await world.ledger.submit(world.crowd, 'SubmitVerification', [await verification(world, assigned[index]!, task, vin ?? null)]);
      if (index === 0) {
        const twice = await rejection(world.ledger.submit(world.crowd, 'SubmitVerification', [await verification(world, assigned[0]!, task, vin ?? null)]));
        expect(twice.code).to.equal('ALREADY_EXISTS');
      }
    }
    const open = await world.query<{ captureIndex: number }[]>(world.crowd, 'ListTasks', assigned[3]!.address);
    expect(open.map((entry) => entry.captureIndex)).to.deep.equal([1]);
    const late = await rejection(world.ledger.submit(world.crowd, 'SubmitVerification', [await verification(world, assigned[3]!, task, VINS[0] ?? null)]));
    expect(late.code).to.equal('FAILED_PRECONDITION');
    const stale = await rejection(world.ledger.submit(world.crowd, 'SubmitVerification', [await verification(world, assigned[3]!, { ...task, attempt: 2 }, VINS[0] ?? null)]));
    expect(stale.field).to.equal('request.payload.attempt');
    await world.answerAll(({ captureIndex }) => VINS[captureIndex] ?? null);
    const verdict = await world.query<VerdictRecord>(world.history, 'GetVerdict', auditId);
    // Two photos, three units: one is missing, a discrepancy within the normal data set.
    expect(verdict.outcome).to.equal('REVIEW');
    expect(verdict.findings.map((item) => [item.type, item.vin])).to.deep.equal([['missing-vehicle', VINS[2]]]);
    const confirmed = verdict.confirmations.find((entry) => entry.vin === VINS[0]);
    expect(confirmed).to.include({ result: 'PASS', certaintyPermille: 666, clarityPermille: 800 });
  });

  it('shows a verifier only photo hashes, never a VIN', async () => {
    world = await new VinAuditWorld(3).setUp();
    unitIds = await world.lotWith('lot-1', VINS);
    const auditId = await submitted(1);
    const tasks = await world.query<Record<string, unknown>[]>(world.crowd, 'ListTasks', world.verifiers[0]!.address);
    expect(tasks).to.deep.equal([{ auditId, captureIndex: 0, attempt: 1, photoHash: sha256Hex('photo:p-0') }]);
  });
});
