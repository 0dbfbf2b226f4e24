import { StatusCode } from '@hyperledger/fabric-gateway';
import { type GeoPoint } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { id } from 'ethers';
import { BlockReader, findTransaction } from '../support/block-scan';
import { chaincodeRefusal } from '../support/chaincode-error';
import { ChaincodeEventListener } from '../support/chaincode-event-listener';
import { submitAndCommit, submitValid, type CommittedTransaction } from '../support/committed-submission';
import { E2eNetwork } from '../support/e2e-network';
import { E2eDevice } from '../support/e2e-devices';
import { tearDownNetwork } from '../support/e2e-teardown';

const PORT_OFFSET = 10500;
const LOT_ID = 'lot-e2e-1';
const LOT_LOCATION: GeoPoint = { latE6: 32_715_000, lonE6: -117_161_000 };
/** North American VINs with valid check digits (49 CFR 565). */
const VINS = ['1HGCM82633A004352', '1G4AH59H45G118341', '1M8GDM9AXKP042788'];
const utf8 = new TextDecoder();

/** Where vehicle `index` is parked: rows 11 m apart north of the lot's centre. */
function parking(index: number): GeoPoint {
  return { latE6: LOT_LOCATION.latE6 + 100 * (index + 1), lonE6: LOT_LOCATION.lonE6 };
}

const sha256Label = (label: string): string => id(label).slice(2);

interface Task {
  readonly auditId: string;
  readonly captureIndex: number;
  readonly attempt: number;
}

describe('end to end: VIN audit with crowd verification and fraud detection through fabric-gateway', function () {
  this.timeout(180_000);
  let network: E2eNetwork;
  let blockReader: BlockReader;
  const auditor = E2eDevice.fromSeed('auditor-phone', 'vinaudit auditor phone');
  const verifiers = [0, 1, 2, 3].map((index) => E2eDevice.fromSeed('crowd-verifier', `vinaudit verifier ${index}`));
  let unitIds: string[];
  let auditId: string;

  const lender = () => network.clients.audit.contract();
  const submit = async (contract: string, name: string, arg: unknown): Promise<CommittedTransaction> =>
    submitValid(lender(), `${contract}:${name}`, { arguments: [typeof arg === 'string' ? arg : JSON.stringify(arg)] });
  const query = async <T>(contract: string, name: string, ...args: string[]): Promise<T> =>
    JSON.parse(utf8.decode(await network.clients.oem.contract().evaluateTransaction(`${contract}:${name}`, ...args))) as T;

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
    blockReader = new BlockReader(network.clients.oem.gateway.getNetwork('mobility'));
    await auditor.register(network.clients);
    await submit('vinaudit.crowd', 'EnrollAuditor', { device: auditor.address, personRef: sha256Label('person:auditor') });
    for (const [index, verifier] of verifiers.entries()) {
      await verifier.register(network.clients);
      await submit('vinaudit.crowd', 'EnrollVerifier', { device: verifier.address, personRef: sha256Label(`person:verifier ${index}`) });
    }
  });

  after(async () => {
    await tearDownNetwork(network, blockReader);
  });

  it('registers a lot with recorded vehicles and opens an audit', async () => {
    await submit('vinaudit.lots', 'RegisterLot', { lotId: LOT_ID, name: 'Harbor Motors', dealerName: 'Harbor Motors LLC', location: LOT_LOCATION, radiusMm: 200_000, listMode: 'descriptions' });
    const recorded = await submit('vinaudit.lots', 'RecordVehicles', { lotId: LOT_ID, vehicles: VINS.map((vin, index) => ({ vin, description: `car ${index}`, location: parking(index) })) });
    const { units } = JSON.parse(recorded.result) as { units: { unitId: string; vin: string; vinCheck: string }[] };
    expect(units.map((unit) => [unit.vin, unit.vinCheck])).to.deep.equal(VINS.map((vin) => [vin, 'valid']));
    unitIds = units.map((unit) => unit.unitId);
    const opened = await submit('vinaudit', 'OpenAudit', { lotId: LOT_ID, deadlineMs: Date.now() + 3_600_000 });
    auditId = (JSON.parse(opened.result) as { auditId: string }).auditId;
    const listed = await query<{ vin: string; status: string }[]>('vinaudit.lots', 'ListUnits', LOT_ID);
    expect(listed.map((unit) => unit.status)).to.deep.equal(['financed', 'financed', 'financed']);
  });

  it('checks the auditor in on the lot and gives it the expected list by description only', async () => {
    const checkIn = await auditor.signJson('vinaudit.checkIn', { auditId, gps: LOT_LOCATION });
    const result = JSON.parse((await submit('vinaudit', 'CheckIn', checkIn)).result) as { onSite: boolean; distanceToLotMm: number; expected: { unitId: string; vin?: string }[] };
    expect(result).to.include({ onSite: true, distanceToLotMm: 0 });
    expect(result.expected.map((entry) => entry.unitId).sort()).to.deep.equal([...unitIds].sort());
    expect(result.expected.every((entry) => entry.vin === undefined)).to.equal(true);
  });

  it('accepts a submission whose device never moved, and asks the crowd to read every photo', async () => {
    const vehicles = VINS.map((_, index) => ({
      unitId: unitIds[index],
      photoHash: sha256Label(`photo:e2e-${index}`),
      manualEntry: false,
      vehicleGps: parking(index),
      deviceGps: { latE6: parking(index).latE6 + 5, lonE6: parking(index).lonE6 },
      capturedAtMs: 1_000 * (index + 1),
    }));
    const payload = {
      auditId,
      captureDevice: { kind: 'smartphone', model: 'e2e phone' },
      startedAtMs: 0,
      finishedAtMs: 1_000 * (VINS.length + 1),
      vehicles,
      path: vehicles.map((vehicle, index) => ({ atMs: 1_000 * (index + 1), position: vehicle.vehicleGps })),
      // Factor 3 (claim 15): a person walking a lot turns and stops; this device reported no motion at all.
      motion: [],
    };
    const submitted = await submit('vinaudit', 'SubmitAudit', await auditor.signJson('vinaudit.submitAudit', payload));
    const result = JSON.parse(submitted.result) as { status: string; captures: { state: string; verifiersAssigned: number }[] };
    expect(result.status).to.equal('verifying');
    expect(result.captures.map((capture) => capture.verifiersAssigned)).to.deep.equal([3, 3, 3]);
  });

  it('reaches crowd consensus on every VIN; the verdict needs an AuditMSP endorsement and fails the audit for absent motion', async () => {
    const readings: { verifier: E2eDevice; task: Task }[] = [];
    for (const verifier of verifiers) {
      for (const task of await query<Task[]>('vinaudit.crowd', 'ListTasks', verifier.address)) readings.push({ verifier, task });
    }
    expect(readings).to.have.length(9);
    const signedReading = async ({ verifier, task }: { verifier: E2eDevice; task: Task }): Promise<string> =>
      verifier.signJson('vinaudit.verify', { auditId: task.auditId, captureIndex: task.captureIndex, attempt: task.attempt, vin: VINS[task.captureIndex] ?? null, clarity: 4 });
    // Verifiers' gateways relay readings; any member's client may. All but the last leave a capture open.
    for (const reading of readings.slice(0, -1)) {
      await submitValid(network.clients.mobility.contract(), 'vinaudit.crowd:SubmitVerification', { arguments: [await signedReading(reading)] });
    }
    const last = readings.at(-1);
    if (!last) throw new Error('no readings');
    const finalReading = await signedReading(last);

    // The reading that completes the audit writes the verdict: without an AuditMSP peer it cannot commit.
    const withoutAuditor = await submitAndCommit(network.clients.oem.contract(), 'vinaudit.crowd:SubmitVerification', {
      arguments: [finalReading],
      endorsingOrganizations: ['OemMSP', 'MobilityMSP'],
    });
    expect(withoutAuditor.status.code).to.equal(StatusCode.ENDORSEMENT_POLICY_FAILURE);
    const noVerdict = await chaincodeRefusal(network.clients.oem.contract().evaluateTransaction('vinaudit.history:GetVerdict', auditId));
    expect(noVerdict.code).to.equal('NOT_FOUND');

    const listener = await ChaincodeEventListener.open(network.clients.audit.gateway.getNetwork('mobility'));
    let verdictTx: CommittedTransaction;
    try {
      verdictTx = await submitValid(lender(), 'vinaudit.crowd:SubmitVerification', { arguments: [finalReading] });
      const notices = (await listener.eventOf(verdictTx.transactionId)).payload.notices;
      expect(notices.map((notice) => notice.type)).to.include.members(['vinaudit.VehicleConfirmed', 'vinaudit.VerdictIssued', 'vinaudit.FraudDetected']);
      expect(notices.find((notice) => notice.type === 'vinaudit.FraudDetected')?.data).to.deep.include({ auditId, lotId: LOT_ID });
    } finally {
      listener.close();
    }

    const verdict = await query<{ outcome: string; fraud: { type: string }[]; factors: { motion: { passed: boolean; changePoints: number } }; confirmations: { vin: string; result: string }[] }>(
      'vinaudit.history',
      'GetVerdict',
      auditId,
    );
    expect(verdict.outcome).to.equal('FAIL');
    expect(verdict.fraud.map((entry) => entry.type)).to.deep.equal(['motion-absent']);
    expect(verdict.factors.motion).to.include({ passed: false, changePoints: 0 });
    expect(verdict.confirmations.map((entry) => entry.vin).sort()).to.deep.equal([...VINS].sort());

    const blocks = await blockReader.readUpTo(verdictTx.status.blockNumber);
    expect(findTransaction(blocks, verdictTx.transactionId)?.endorserMspIds).to.include('AuditMSP');
    expect(findTransaction(blocks, withoutAuditor.transactionId)).to.deep.include({ endorserMspIds: ['MobilityMSP', 'OemMSP'], validationCode: StatusCode.ENDORSEMENT_POLICY_FAILURE });
  });
});
