import { StatusCode } from '@hyperledger/fabric-gateway';
import { canonicalJson, signDeviceRequest } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { Wallet, id } from 'ethers';
import { createHash } from 'node:crypto';
import { BlockReader, blocksContaining, findTransaction } from '../support/block-scan';
import { chaincodeRefusal } from '../support/chaincode-error';
import { ChaincodeEventListener } from '../support/chaincode-event-listener';
import { submitAndCommit, submitValid, type CommittedTransaction } from '../support/committed-submission';
import { E2eNetwork } from '../support/e2e-network';
import { E2eDevice } from '../support/e2e-devices';
import { tearDownNetwork } from '../support/e2e-teardown';
import { pointsAtDistance } from '../support/geo-points';

const PORT_OFFSET = 10500;
const VIN = '1HGCM82633A004352';
const VEHICLE = { vin: VIN, manufacturer: 'Toyota', buildDate: '2025-11-03', plant: 'Georgetown KY', options: ['heated-seats', 'panoramic-roof'] };
/** Distinctive personal values, so the test can search every block's bytes for them. */
const OWNER = { name: 'Ada Quintessa Lovelace', address: '12 Marlow Lane, Plano TX', place: 'Sunrise Motors Plano', imei: '356938035643809' };
const IMPOSTOR_NAME = 'Mallory Fitzgerald Oddington';
const HOLDER_NAME = 'Bertrand Quillfeather';
const TRUSTED_WITH_OWNERSHIP = ['OemMSP', 'AuditMSP'];
const TRUSTED_WITH_FIXES = ['OemMSP', 'MobilityMSP'];

/** A device's commitment to its personal data: sha256 of the canonical JSON of `{salt, data}`. */
function commitmentOf(opening: unknown): string {
  return createHash('sha256').update(canonicalJson(opening as never)).digest('hex');
}

function salt(seed: string): string {
  return id(`salt:${seed}`).slice(2, 34);
}

const phoneOpening = { salt: salt('phone'), data: { ownerName: OWNER.name, ownerAddress: OWNER.address, purchaseDate: '2026-01-01', purchasePlace: OWNER.place, vins: [VIN], deviceIds: { imei: OWNER.imei } } };
const vehicleOpening = { salt: salt('vehicle'), data: { ownerName: OWNER.name, ownerAddress: OWNER.address, purchaseDate: '2026-01-01', purchasePlace: OWNER.place, vin: VIN } };
const impostorOpening = { salt: salt('impostor'), data: { ...vehicleOpening.data, ownerName: IMPOSTOR_NAME } };
const holderOpening = { salt: salt('holder'), data: { holderName: HOLDER_NAME } };

describe('end to end: automatic pairing (US 12,389,469) through fabric-gateway and the real shim', function () {
  this.timeout(180_000);
  let network: E2eNetwork;
  const owner = E2eDevice.fromSeed('owner-phone', 'pairing owner phone');
  const headUnit = E2eDevice.fromSeed('head-unit', 'pairing head unit');
  const ecu = E2eDevice.fromSeed('ecu', 'pairing ecu');
  const digitalKey = E2eDevice.fromSeed('digital-key-ecu', 'pairing digital key');
  const driver = E2eDevice.fromSeed('driver-phone', 'pairing driver phone');
  let ownerPairingId: string;
  let driverPairingId: string;
  let lastBlock = 0n;
  let blockReader: BlockReader;
  let auditorsReader: BlockReader;

  const oem = () => network.clients.oem.contract();
  const track = (committed: CommittedTransaction): CommittedTransaction => {
    if (committed.status.blockNumber > lastBlock) lastBlock = committed.status.blockNumber;
    return committed;
  };
  const query = async <T>(name: string, ...args: string[]): Promise<T> => JSON.parse(new TextDecoder().decode(await oem().evaluateTransaction(`pairing:${name}`, ...args))) as T;

  async function reports(opening: { data: unknown } = vehicleOpening): Promise<unknown[]> {
    return [
      await headUnit.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address }),
      await digitalKey.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address, ownershipCommitment: commitmentOf(opening) }),
    ];
  }

  async function prePairArgument(vehicleReports: unknown[]): Promise<string> {
    const device = await owner.sign('pairing.requestPrePairing', { vin: VIN, ownershipCommitment: commitmentOf(phoneOpening) });
    return JSON.stringify({ device, reports: vehicleReports });
  }

  async function reportProximity(targetMm: number): Promise<CommittedTransaction> {
    const points = pointsAtDistance(targetMm);
    const now = Date.now();
    const vehicleFix = await headUnit.sign('pairing.reportFix', { pairingId: ownerPairingId, position: points.vehicle, fixTimeMs: now - 1500 });
    const deviceFix = await owner.sign('pairing.reportFix', { pairingId: ownerPairingId, position: points.device, fixTimeMs: now - 1000 });
    return track(
      await submitValid(oem(), 'pairing:ReportProximity', {
        arguments: [ownerPairingId],
        transientData: { fixes: JSON.stringify({ vehicle: vehicleFix, device: deviceFix }) },
        endorsingOrganizations: TRUSTED_WITH_FIXES,
      }),
    );
  }

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
    blockReader = new BlockReader(network.clients.oem.gateway.getNetwork('mobility'));
    auditorsReader = new BlockReader(network.clients.audit.gateway.getNetwork('mobility'));
  });

  after(async () => {
    await tearDownNetwork(network, blockReader, auditorsReader);
  });

  it('registers the owner phone and three components bound to the VIN, vouched for by OemMSP', async () => {
    expect(await owner.register(network.clients)).to.include({ address: owner.address, org: 'OemMSP', status: 'active' });
    for (const component of [headUnit, ecu, digitalKey]) {
      expect(await component.register(network.clients, { vin: VIN })).to.include({ type: component.type, org: 'OemMSP', vin: VIN });
    }
    // The secondary device is a ride-share driver's phone, vouched for by the operator.
    expect(await driver.register(network.clients)).to.include({ org: 'MobilityMSP' });
  });

  it('records a pre-pairing whose ownership data disagree as a rejected attempt, and its reports cannot be replayed', async () => {
    const rejectedReports = await reports(impostorOpening);
    const committed = track(
      await submitValid(oem(), 'pairing:PrePair', {
        arguments: [await prePairArgument(rejectedReports)],
        transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(impostorOpening) },
        endorsingOrganizations: TRUSTED_WITH_OWNERSHIP,
      }),
    );
    const outcome = JSON.parse(committed.result) as { outcome: string; attemptId: string; reasons: string[]; details: string[] };
    expect(outcome.outcome).to.equal('rejected');
    expect(outcome.reasons).to.deep.equal(['ownership-mismatch']);
    expect(outcome.details.join(' ')).to.contain('ownerName').and.not.contain(IMPOSTOR_NAME);
    const attempts = await query<{ attemptId: string; outcome?: string }[]>('AttemptsOfVehicle', VIN);
    expect(attempts.map((attempt) => attempt.attemptId)).to.deep.equal([outcome.attemptId]);

    const replay = await chaincodeRefusal(
      oem().submit('pairing:PrePair', {
        arguments: [await prePairArgument(rejectedReports)],
        transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(impostorOpening) },
        endorsingOrganizations: TRUSTED_WITH_OWNERSHIP,
      }),
    );
    expect([replay.code, replay.field]).to.deep.equal(['ALREADY_EXISTS', 'prePairing.reports[0].nonce']);
  });

  it('refuses to endorse transient ownership data on OemMSP alone when the client names no endorsing orgs', async () => {
    const error = await oem()
      .submit('pairing:PrePair', {
        arguments: [await prePairArgument(await reports())],
        transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(vehicleOpening) },
      })
      .then(
        () => undefined,
        (failure: unknown) => failure as Error,
      );
    expect(error?.message).to.contain('retry specifying trusted endorsing organizations');
  });

  it('pre-pairs the owner phone with three agreeing components, endorsed by OemMSP and AuditMSP, and a listener receives PrePaired', async () => {
    let prePairTxId = '';
    const listener = await ChaincodeEventListener.open(network.clients.oem.gateway.getNetwork('mobility'));
    try {
      const committed = track(
        await submitValid(oem(), 'pairing:PrePair', {
          arguments: [await prePairArgument([...(await reports()), await ecu.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address })])],
          transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(vehicleOpening) },
          endorsingOrganizations: TRUSTED_WITH_OWNERSHIP,
        }),
      );
      const outcome = JSON.parse(committed.result) as { outcome: string; pairingId: string };
      expect(outcome.outcome).to.equal('pre-paired');
      ownerPairingId = outcome.pairingId;
      prePairTxId = committed.transactionId;

      const event = await listener.eventOf(committed.transactionId);
      expect(event.eventName).to.equal('pairing.PrePaired');
      expect(event.blockNumber).to.equal(committed.status.blockNumber);
      const prePaired = event.payload.notices[0];
      expect(prePaired?.to).to.include(`device:${owner.address}`).and.include('org:OemMSP');
      expect(prePaired?.data).to.deep.include({ pairingId: ownerPairingId, vin: VIN, role: 'owner', vehicle: VEHICLE });
    } finally {
      listener.close();
    }
    // The personal data went only to the orgs the client named: their peers alone endorsed.
    const endorsed = findTransaction(await blockReader.readUpTo(lastBlock), prePairTxId);
    expect(endorsed?.endorserMspIds).to.deep.equal([...TRUSTED_WITH_OWNERSHIP].sort());
    const pairing = await query<{ status: string; device: string; role: string }>('GetPairing', ownerPairingId);
    expect(pairing).to.include({ status: 'pre-paired', device: owner.address, role: 'owner' });
  });

  it('does not pair 10 001 mm away, and pairs at exactly the 10 000 mm limit', async () => {
    const outside = await reportProximity(10_001);
    expect(JSON.parse(outside.result)).to.deep.equal({ pairingId: ownerPairingId, pairingEnabled: false, distanceMm: 10_001, limitMm: 10_000, status: 'pre-paired' });
    const inside = await reportProximity(10_000);
    expect(JSON.parse(inside.result)).to.deep.equal({ pairingId: ownerPairingId, pairingEnabled: true, distanceMm: 10_000, limitMm: 10_000, status: 'paired' });
    expect((await query<{ status: string }>('GetPairing', ownerPairingId)).status).to.equal('paired');
  });

  it('pairs a secondary device the owner phone approves after a biometric check', async () => {
    const request = await driver.signJson('pairing.requestSecondary', { vin: VIN, role: 'driver', deviceDataCommitment: commitmentOf(holderOpening) });
    const requested = track(
      await submitValid(oem(), 'pairing:RequestSecondaryPairing', {
        arguments: [request],
        transientData: { deviceData: JSON.stringify(holderOpening) },
        endorsingOrganizations: ['OemMSP', 'MobilityMSP'],
      }),
    );
    const { requestId, status, ownerDevice } = JSON.parse(requested.result) as { requestId: string; status: string; ownerDevice: string };
    expect({ status, ownerDevice }).to.deep.equal({ status: 'pending', ownerDevice: owner.address });
    const waiting = await query<{ pending: { requestId: string }[] }>('PendingRequestsForOwner', owner.address);
    expect(waiting.pending.map((entry) => entry.requestId)).to.deep.equal([requestId]);

    const decision = await owner.signJson('pairing.decideSecondary', { requestId, decision: 'approve', biometricCheck: { method: 'fingerprint', passed: true } });
    const decided = track(await submitValid(oem(), 'pairing:DecideSecondaryPairing', { arguments: [decision] }));
    const result = JSON.parse(decided.result) as { status: string; pairingId: string };
    expect(result.status).to.equal('approved');
    driverPairingId = result.pairingId;
    const pairing = await query<Record<string, unknown>>('GetPairing', driverPairingId);
    expect(pairing).to.include({ device: driver.address, role: 'driver', origin: 'secondary-approval', approvedBy: owner.address, ownerPairingId, status: 'pre-paired' });
  });

  it('refuses forged, expired and replayed revocations, naming the field, and revokes with the owner’s valid signature', async () => {
    const intruder = new Wallet(id('pairing intruder'));
    const forgedRequest = await signDeviceRequest(intruder, { action: 'pairing.revoke', channel: 'mobility', payload: { pairingId: driverPairingId, reason: 'stolen phone' }, nonce: 'forged-000001', expiresAt: Date.now() + 60_000 });
    const forged = await chaincodeRefusal(oem().submitTransaction('pairing:RevokePairing', JSON.stringify({ ...forgedRequest, device: owner.address })));
    expect([forged.code, forged.field]).to.deep.equal(['UNAUTHENTICATED', 'revocation.signature']);

    const expiredRequest = await owner.signJson('pairing.revoke', { pairingId: driverPairingId, reason: 'too late' }, { expiresAt: Date.now() - 1000 });
    const expired = await chaincodeRefusal(oem().submitTransaction('pairing:RevokePairing', expiredRequest));
    expect([expired.code, expired.field]).to.deep.equal(['UNAUTHENTICATED', 'revocation.expiresAt']);

    const revocation = await owner.signJson('pairing.revoke', { pairingId: driverPairingId, reason: 'no longer drives the car' });
    // Key-level endorsement: the pairing record needs an OemMSP peer whatever the chaincode policy says.
    const withoutAutomaker = track(await submitAndCommit(oem(), 'pairing:RevokePairing', { arguments: [revocation], endorsingOrganizations: ['MobilityMSP', 'AuditMSP'] }));
    expect(withoutAutomaker.status.code).to.equal(StatusCode.ENDORSEMENT_POLICY_FAILURE);
    expect((await query<{ status: string }>('GetPairing', driverPairingId)).status).to.equal('pre-paired');

    // The invalid transaction wrote nothing, not even the nonce: the same signed request now succeeds.
    const revoked = track(await submitValid(oem(), 'pairing:RevokePairing', { arguments: [revocation] }));
    expect(JSON.parse(revoked.result)).to.deep.equal({ pairingId: driverPairingId, status: 'revoked', cascaded: [] });
    expect((await query<{ status: string }>('GetPairing', driverPairingId)).status).to.equal('revoked');
    const replayed = await chaincodeRefusal(oem().submitTransaction('pairing:RevokePairing', revocation));
    expect([replayed.code, replayed.field]).to.deep.equal(['ALREADY_EXISTS', 'revocation.nonce']);
    // The ledger's key history holds the committed versions only, oldest first.
    const history = await query<{ txId: string; record: { status: string } }[]>('PairingHistory', driverPairingId);
    expect(history.map((version) => [version.txId, version.record.status])).to.deep.equal([
      [history[0]?.txId, 'pre-paired'],
      [revoked.transactionId, 'revoked'],
    ]);
  });

  it('keeps personal data out of every block, while only OemMSP reads it from its own peer', async () => {
    const blocks = await auditorsReader.readUpTo(lastBlock);
    expect(blocks.length).to.equal(Number(lastBlock) + 1);
    // The scan finds what is public (the VIN), so finding nothing else means something.
    expect(blocksContaining(blocks, VIN)).to.have.length.above(0);
    for (const personal of [OWNER.name, OWNER.address, OWNER.place, OWNER.imei, IMPOSTOR_NAME, HOLDER_NAME]) {
      expect(blocksContaining(blocks, personal), personal).to.deep.equal([]);
    }

    const commitment = commitmentOf(phoneOpening);
    const stored = await query<typeof phoneOpening>('GetPrivateData', commitment);
    expect(stored).to.deep.equal(phoneOpening);
    const otherOrg = await chaincodeRefusal(network.clients.audit.contract().evaluateTransaction('pairing:GetPrivateData', commitment));
    expect([otherOrg.code, otherOrg.field]).to.deep.equal(['PERMISSION_DENIED', 'caller']);
    // Even the automaker's client gets nothing from a peer outside oemPrivate: it keeps only the
    // hash, and Fabric refuses the read because no private value matches the public hash version.
    const otherPeer = await oem()
      .evaluate('pairing:GetPrivateData', { arguments: [commitment], endorsingOrganizations: ['AuditMSP'] })
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(otherPeer?.message).to.contain('private data matching public hash version is not available').and.not.contain(OWNER.name);
  });
});
