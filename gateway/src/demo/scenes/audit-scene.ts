import { sha256Hex } from '../../sdk/commitments';
import type { GatewayClient } from '../../sdk/gateway-client';
import { northOf, randomVin, runTag } from '../demo-values';
import { StoryActor } from '../story-actor';
import type { StoryRecorder, StoryReport } from '../story-record';

const SCENE = 'audit';

export interface AuditCast {
  readonly auditor: StoryActor;
  readonly verifiers: readonly StoryActor[];
}

interface Task {
  readonly captureIndex: number;
  readonly attempt: number;
  readonly photoHash: string;
}

/**
 * US 10,796,317: the lender audits a dealer's lot. The auditor's phone checks in on the lot and
 * submits photos of every car, the crowd reads the VINs from the photos and agrees, and the verdict
 * flags fraud: the phone never moved while "walking" the lot (claim 15, motion factor).
 */
export async function auditScene(audit: GatewayClient, recorder: StoryRecorder): Promise<{ cast: AuditCast; report: StoryReport['audit'] }> {
  const cast: AuditCast = {
    auditor: new StoryActor('auditor phone', 'auditor-phone', audit, 'AuditMSP', recorder, SCENE),
    verifiers: [1, 2, 3].map((index) => new StoryActor(`crowd verifier ${index}`, 'crowd-verifier', audit, 'AuditMSP', recorder, SCENE)),
  };
  const { auditor, verifiers } = cast;
  await auditor.register();
  recorder.wrote(SCENE, 'lender enrolls the auditor phone', 'vinaudit.crowd.enrollAuditor', await audit.call('vinaudit.crowd.enrollAuditor', { device: auditor.address, personRef: sha256Hex(`person:auditor:${auditor.address}`) }));
  for (const verifier of verifiers) {
    await verifier.register();
    const enrolled = await audit.call('vinaudit.crowd.enrollVerifier', { device: verifier.address, personRef: sha256Hex(`person:verifier:${verifier.address}`) });
    recorder.wrote(SCENE, `lender enrolls ${verifier.label}`, 'vinaudit.crowd.enrollVerifier', enrolled);
  }

  const lotId = `lot-${runTag()}`;
  const location = { latE6: 32_715_000, lonE6: -117_161_000 };
  recorder.wrote(
    SCENE,
    'lender registers the dealer lot',
    'vinaudit.lots.registerLot',
    await audit.call('vinaudit.lots.registerLot', { lotId, name: 'Harbor Motors', dealerName: 'Harbor Motors LLC', location, radiusMm: 200_000, listMode: 'descriptions' }),
  );
  const vins = [randomVin('1HG'), randomVin('1G4'), randomVin('1M8')];
  const parking = (index: number) => northOf(location, 11 * (index + 1));
  const recorded = await audit.call('vinaudit.lots.recordVehicles', { lotId, vehicles: vins.map((vin, index) => ({ vin, description: `row ${index + 1}, car ${index + 1}`, location: parking(index) })) });
  recorder.wrote(SCENE, 'lender records the financed cars', 'vinaudit.lots.recordVehicles', recorded, `${vins.length} units`);
  const units = (recorded.result as { units: { unitId: string; vin: string }[] }).units;

  const opened = await audit.call('vinaudit.openAudit', { lotId, deadlineMs: Date.now() + 3_600_000, auditor: auditor.address });
  const auditId = (opened.result as { auditId: string }).auditId;
  recorder.wrote(SCENE, 'lender opens an audit, assigned to the auditor phone', 'vinaudit.openAudit', opened, `audit ${auditId.slice(0, 12)}…`);
  await auditor.notice('vinaudit.AuditOpened', (data) => data.auditId === auditId);

  const checkIn = await auditor.device.submit('vinaudit.checkIn', { auditId, gps: location });
  recorder.wrote(SCENE, 'auditor checks in on the lot', 'vinaudit.checkIn', checkIn, `on site: ${String((checkIn.result as { onSite: boolean }).onSite)}`);

  const vehicles = units.map((unit, index) => ({
    unitId: unit.unitId,
    photoHash: sha256Hex(`photo of ${unit.vin} ${auditId}`),
    manualEntry: false,
    vehicleGps: parking(index),
    deviceGps: northOf(parking(index), 1),
    capturedAtMs: 1_000 * (index + 1),
  }));
  const submitted = await auditor.device.submit('vinaudit.submitAudit', {
    auditId,
    captureDevice: { kind: 'smartphone', model: 'demo phone' },
    startedAtMs: 0,
    finishedAtMs: 1_000 * (vehicles.length + 1),
    vehicles,
    path: vehicles.map((vehicle, index) => ({ atMs: 1_000 * (index + 1), position: vehicle.vehicleGps })),
    // A phone carried around a lot turns, stops and starts: this one reported no motion at all.
    motion: [],
  });
  recorder.wrote(SCENE, 'auditor submits a photo of every car (and a motionless path)', 'vinaudit.submitAudit', submitted, String((submitted.result as { status: string }).status));

  // Each verifier learns its tasks from its own event stream and reads the VIN off each photo.
  let readings = 0;
  for (const verifier of verifiers) {
    const request = await verifier.notice('vinaudit.VerificationRequested', (data) => data.auditId === auditId);
    for (const task of request.data.tasks as Task[]) {
      const vin = vins[task.captureIndex] ?? null;
      const answer = await verifier.device.submit('vinaudit.crowd.submitVerification', { auditId, captureIndex: task.captureIndex, attempt: task.attempt, vin, clarity: 4 });
      readings += 1;
      recorder.wrote(SCENE, `${verifier.label} reads photo ${task.captureIndex + 1}`, 'vinaudit.crowd.submitVerification', answer);
    }
  }
  await auditor.settle(['devices.Registered', 'vinaudit.CrewEnrolled', 'vinaudit.AuditOpened', ...Array<string>(vins.length).fill('vinaudit.VehicleConfirmed'), 'vinaudit.VerdictIssued']);
  const verdict = (await audit.call('vinaudit.history.getVerdict', { auditId })).result as Record<string, unknown>;
  return { cast, report: { lotId, auditId, vins, verdict, readings } };
}
