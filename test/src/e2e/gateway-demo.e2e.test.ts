import { runStory } from '@mobility-ledger/gateway/dist/demo/story';
import { commitmentOf } from '@mobility-ledger/gateway/dist/sdk';
import type { StoryReport } from '@mobility-ledger/gateway/dist/demo/story-record';
import { expect } from 'chai';
import { BlockReader, findTransaction } from '../support/block-scan';
import { BrowserSdkPage, chromiumPath } from '../support/gateway-sdk-browser';
import { SdkStack } from '../support/gateway-sdk-stack';

/** Network ports: Fabric defaults + 11000; gateways on 14001-14003. */
const PORT_OFFSET = 11_000;
const VALID = 0;

/** What each device's own event stream must have delivered, in ledger order (chaincode READMEs, "Events"). */
const EXPECTED_NOTICES: Readonly<Record<string, readonly string[]>> = {
  'owner phone': ['devices.Registered', 'pairing.PrePaired', 'pairing.PairingEnabled', 'pairing.SecondaryRequested', 'pairing.SecondaryDecided'],
  'head unit': ['devices.Registered', 'pairing.DeviceDataDelivered', 'pairing.PairingEnabled', 'pairing.DeviceDataDelivered'],
  'digital key ECU': ['devices.Registered', 'pairing.DeviceDataDelivered', 'pairing.PairingEnabled', 'pairing.DeviceDataDelivered'],
  'second phone': ['devices.Registered', 'pairing.SecondaryRequested', 'pairing.PrePaired', 'pairing.SecondaryDecided'],
  'rider phone': [
    'devices.Registered',
    'rideshare.TermsAccepted',
    'rideshare.RideRequested',
    'rideshare.KeyPartDelivered',
    'rideshare.RideResponded',
    'rideshare.ResponseDelivered',
    'rideshare.KeyPartDelivered',
    'rideshare.KeyPartDelivered',
    'rideshare.HashesMatched',
    'rideshare.RideAccepted',
    'rideshare.RiderVerified',
    'rideshare.RideCompleted',
  ],
  'driver phone': [
    'devices.Registered',
    'rideshare.TermsAccepted',
    'rideshare.VehicleLinked',
    'rideshare.RideOffered',
    'rideshare.KeyPartDelivered',
    'rideshare.KeyPartDelivered',
    'rideshare.RideResponded',
    'rideshare.KeyPartDelivered',
    'rideshare.HashesMatched',
    'rideshare.RideAccepted',
    'rideshare.RiderVerified',
    'rideshare.RideCompleted',
  ],
  'driver’s car head unit': ['devices.Registered', 'rideshare.VehicleLinked', 'rideshare.RideResponded', 'rideshare.RideAccepted', 'rideshare.RiderVerified', 'rideshare.RideCompleted'],
  'auditor phone': ['devices.Registered', 'vinaudit.CrewEnrolled', 'vinaudit.AuditOpened', 'vinaudit.VehicleConfirmed', 'vinaudit.VehicleConfirmed', 'vinaudit.VehicleConfirmed', 'vinaudit.VerdictIssued'],
  'crowd verifier 1': ['devices.Registered', 'vinaudit.CrewEnrolled', 'vinaudit.VerificationRequested'],
  'crowd verifier 2': ['devices.Registered', 'vinaudit.CrewEnrolled', 'vinaudit.VerificationRequested'],
  'crowd verifier 3': ['devices.Registered', 'vinaudit.CrewEnrolled', 'vinaudit.VerificationRequested'],
};

describe('end to end: the demo story through the device SDK → HTTP → gateways → embedded network → chaincode', function () {
  this.timeout(240_000);
  let stack: SdkStack;
  let report: StoryReport;
  let blocks: BlockReader;

  before(async () => {
    stack = await SdkStack.start(PORT_OFFSET);
    blocks = new BlockReader(stack.fabric.gateway.getNetwork('mobility'));
    report = await runStory(stack.gateways);
  });

  after(async () => {
    await stack?.stop();
    blocks?.close();
  });

  it('committed every step as a valid transaction in the block the gateway reported', async () => {
    const txIds = report.steps.map((step) => step.txId);
    expect(new Set(txIds).size).to.equal(txIds.length);
    expect(report.steps.map((step) => step.route)).to.include.members(['devices.register', 'pairing.prePair', 'pairing.reportProximity', 'rideshare.requestRide', 'rideshare.verifyPickup', 'vinaudit.submitAudit', 'vinaudit.crowd.submitVerification']);
    const lastBlock = BigInt(report.steps.at(-1)?.blockNumber ?? '0');
    const chain = await blocks.readUpTo(lastBlock);
    for (const step of report.steps) {
      const block = chain[Number(step.blockNumber)];
      const found = block ? findTransaction([block], step.txId) : undefined;
      expect(found, `${step.title} (${step.txId}) in block ${step.blockNumber}`).to.not.equal(undefined);
      expect(found?.validationCode, step.title).to.equal(VALID);
    }
    // Steps commit one after another: block numbers never go back.
    const numbers = report.steps.map((step) => Number(step.blockNumber));
    expect(numbers).to.deep.equal([...numbers].sort((a, b) => a - b));
  });

  it('paired the owner phone with the car and approved the second phone, as the ledger (read directly) shows', async () => {
    const owner = report.devices.find((device) => device.label === 'owner phone');
    const second = report.devices.find((device) => device.label === 'second phone');
    const pairing = await stack.query<Record<string, unknown>>('pairing:GetPairing', report.pairing.ownerPairingId);
    expect(pairing).to.include({ status: 'paired', role: 'owner', device: owner?.address, vin: report.pairing.vin });
    const secondary = await stack.query<Record<string, unknown>>('pairing:GetPairing', report.pairing.secondaryPairingId);
    expect(secondary).to.include({ role: 'driver', device: second?.address, approvedBy: owner?.address, origin: 'secondary-approval', ownerPairingId: report.pairing.ownerPairingId });
    expect(report.pairing.vehicle).to.include({ ownerPairingId: report.pairing.ownerPairingId });
  });

  it('accepted, verified and completed the ride after both parties validated both split keys', async () => {
    const ride = await stack.query<{ status: string; rider: string; request: { firstHash: string }; response: { secondHash: string; vin: string } }>('rideshare:GetRide', report.ride.rideId);
    expect(ride.status).to.equal('completed');
    expect(ride.response.vin).to.equal(report.ride.vin);
    expect(report.ride.keysValidated).to.deep.equal({ rider: ['request', 'response'], driver: ['request', 'response'] });
    expect(report.ride.history.map((entry) => `${entry.action}:${entry.status}`)).to.deep.equal([
      'request:requested',
      'offer:requested',
      'respond-accept:responded',
      'reconcile-progress:responded',
      'reconcile-complete:accepted',
      'pickup-verified:picked-up',
      'complete:completed',
    ]);
    expect(report.ride.pickup).to.include({ rideId: report.ride.rideId, method: 'biometrics' });
  });

  it('reached crowd consensus on every car and failed the audit for absent motion', async () => {
    const verdict = await stack.query<{ outcome: string; fraud: { type: string }[]; confirmations: { vin: string; result: string }[] }>('vinaudit.history:GetVerdict', report.audit.auditId);
    expect(verdict).to.deep.equal(report.audit.verdict);
    expect(verdict.outcome).to.equal('FAIL');
    expect(verdict.fraud.map((entry) => entry.type)).to.deep.equal(['motion-absent']);
    expect(verdict.confirmations.map((entry) => [entry.vin, entry.result])).to.deep.equal([...report.audit.vins].sort().map((vin) => [vin, 'PASS']));
    expect(report.audit.readings).to.equal(9);
  });

  it('delivered to each device exactly its notices, in ledger order, each from a story transaction', () => {
    const stepBlocks = new Map(report.steps.map((step) => [step.txId, step.blockNumber]));
    expect(report.devices.map((device) => device.label).sort()).to.deep.equal(Object.keys(EXPECTED_NOTICES).sort());
    for (const device of report.devices) {
      expect(device.events.map((event) => event.type), device.label).to.deep.equal(EXPECTED_NOTICES[device.label]);
      const positions = device.events.map((event) => event.position.split('.').map(Number) as [number, number, number]);
      const ordered = [...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
      expect(positions, `${device.label}: positions ascend`).to.deep.equal(ordered);
      for (const event of device.events) {
        expect(stepBlocks.get(event.txId), `${device.label} ${event.type} comes from a story transaction`).to.equal(event.blockNumber);
        expect(Number(event.position.split('.')[0])).to.equal(Number(event.blockNumber));
      }
    }
  });

  it('forwarded the ride secrets only to the parties they belong to, each opening its commitment', () => {
    const privateItems = (label: string): string[] =>
      (report.devices.find((device) => device.label === label)?.events ?? []).flatMap((event) => Object.keys(event.private ?? {}));
    expect(privateItems('rider phone').sort()).to.deep.equal(['request-key-second', 'response-details', 'response-key-first', 'response-key-second']);
    expect(privateItems('driver phone').sort()).to.deep.equal(['request-details', 'request-key-first', 'request-key-second', 'response-key-second']);
    expect(privateItems('driver’s car head unit')).to.deep.equal([]);
    for (const event of report.devices.flatMap((device) => device.events)) {
      for (const [item, value] of Object.entries(event.private ?? {})) {
        const ref = [event.data, ...Object.values(event.data)].find((candidate) => (candidate as { item?: unknown } | null)?.item === item) as { commitment: string } | undefined;
        expect(commitmentOf(value), `${event.type} ${item}`).to.equal(ref?.commitment);
      }
    }
  });

  it('works from the browser bundle in headless Chromium: registers, follows its event stream, reads typed errors', async function () {
    const executable = chromiumPath();
    if (!executable) this.skip();
    const page = await BrowserSdkPage.serve(stack.stack.gateway('MobilityMSP').url);
    try {
      const outcome = await page.run<{ address: string; blockNumber: string; event: string; position: string; refusal: Record<string, unknown>; restored: boolean }>(
        executable ?? '',
        `async (sdk) => {
          const key = sdk.DeviceKey.create();
          const client = new sdk.GatewayClient({ baseUrl: location.origin });
          const device = client.device(key);
          const registered = await device.register({ type: 'rider-phone', label: 'browser' });
          const events = device.subscribe();
          const first = await events.waitFor((event) => event.type === 'devices.Registered', 20000);
          events.close();
          let refusal = {};
          try { await client.call('devices.get', { address: '0x' + '0'.repeat(40) }); } catch (error) { refusal = { name: error.name, status: error.status, code: error.code, field: error.field }; }
          const restored = await sdk.DeviceKey.fromEncryptedJson(await key.toEncryptedJson('pw', { scryptN: 1024 }), 'pw');
          return { address: key.address, blockNumber: registered.blockNumber, event: first.type, position: first.id, refusal, restored: restored.address === key.address };
        }`,
      );
      const record = await stack.query<{ address: string; type: string; org: string; status: string }>('devices:Get', outcome.address);
      expect(record).to.include({ address: outcome.address, type: 'rider-phone', org: 'MobilityMSP', status: 'active' });
      expect(outcome.event).to.equal('devices.Registered');
      expect(outcome.position.split('.')[0]).to.equal(outcome.blockNumber);
      expect(outcome.refusal).to.include({ name: 'GatewayError', status: 404, code: 'NOT_FOUND' });
      expect(outcome.restored).to.equal(true);
    } finally {
      await page.close();
    }
  });
});
