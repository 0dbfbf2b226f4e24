import type { Contract } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { Wallet } from 'ethers';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { submitValid } from '../support/committed-submission';
import { E2eNetwork, ORGS } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';
import {
  comparePositions,
  deviceAuthorization,
  GatewayEventStream,
  GatewayHttpError,
  type DeliveredNotice,
  type GatewaySseEvent,
} from '../support/gateway-events-client';
import { GatewayEventsProcess } from '../support/gateway-events-process';
import type { GatewayEventsServerConfig } from '../support/gateway-events-server';
import { publishTerms, registerRider, rideRequest } from '../support/ride-request';

/** Network ports: Fabric defaults + this offset; the MobilityMSP gateway on 3002 + offset. */
const PORT_OFFSET = 10900;
const OPERATOR_TOKEN = 'e2e-operator-token';

const noticeOf = (event: GatewaySseEvent): DeliveredNotice => event.data as DeliveredNotice;
const notices = (events: readonly GatewaySseEvent[]): DeliveredNotice[] => events.filter((event) => event.id !== undefined).map(noticeOf);
const txIdsOf = (events: readonly GatewaySseEvent[]): Set<string> => new Set(notices(events).map((notice) => notice.txId));
/** Enough once every transaction in `txIds` delivered `perTx` notices. */
const hasAll = (txIds: readonly string[], perTx: number) => (events: readonly GatewaySseEvent[]): boolean =>
  txIds.every((txId) => notices(events).filter((notice) => notice.txId === txId).length >= perTx);

/** Positions strictly increase and no notice comes twice. */
function expectInOrderOnce(events: readonly GatewaySseEvent[]): void {
  const positions = notices(events).map((notice) => notice.position);
  for (let i = 1; i < positions.length; i += 1) {
    expect(comparePositions(positions[i - 1]!, positions[i]!), `${positions[i - 1]} before ${positions[i]}`).to.equal(-1);
  }
  for (const event of events) if (event.id !== undefined) expect(event.id).to.equal(noticeOf(event).position);
}

describe('end to end: device event streams over SSE from the gateway', function () {
  this.timeout(180_000);
  let network: E2eNetwork;
  let gateway: GatewayEventsProcess | undefined;
  let gatewayConfig: GatewayEventsServerConfig;
  let gatewayDataDir: string;
  let operator: Contract;
  let rider: Wallet;
  let otherRider: Wallet;
  /** The rider's stream so far, across reconnects. */
  const riderEvents: GatewaySseEvent[] = [];
  const riderTxIds: string[] = [];
  const otherTxIds: string[] = [];
  const secrets = new Map<string, string>();
  const streams: GatewayEventStream[] = [];

  /** A RequestRide by `wallet`: two notices to its device (RideRequested, KeyPartDelivered) and one to org:MobilityMSP. */
  async function requestRide(wallet: Wallet): Promise<string> {
    const ride = await rideRequest(wallet);
    const committed = await submitValid(operator, 'rideshare:RequestRide', {
      arguments: [ride.argument],
      transientData: ride.transientData,
      endorsingOrganizations: ['MobilityMSP', 'AuditMSP'],
    });
    secrets.set(committed.transactionId, ride.secret);
    (wallet === rider ? riderTxIds : otherTxIds).push(committed.transactionId);
    return committed.transactionId;
  }

  async function open(options: Parameters<typeof GatewayEventStream.open>[1]): Promise<GatewayEventStream> {
    const stream = await GatewayEventStream.open(gateway!.url, options);
    streams.push(stream);
    return stream;
  }

  async function subscribe(wallet: Wallet, lastEventId?: string): Promise<GatewayEventStream> {
    return open({ authorization: await deviceAuthorization(wallet), ...(lastEventId ? { lastEventId } : {}) });
  }

  async function refusal(options: Parameters<typeof GatewayEventStream.open>[1]): Promise<GatewayHttpError> {
    try {
      (await open(options)).close();
    } catch (error) {
      expect(error).to.be.instanceOf(GatewayHttpError);
      return error as GatewayHttpError;
    }
    throw new Error('expected the gateway to refuse the subscription');
  }

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
    operator = network.clients.mobility.contract();
    await publishTerms(operator);
    rider = await registerRider(operator);
    otherRider = await registerRider(operator);
    gatewayDataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-events-'));
    const peer = network.process.ready.peers.find((candidate) => candidate.mspId === ORGS.mobility.mspId)!;
    gatewayConfig = {
      networkDataDir: network.process.ready.dataDir,
      ...ORGS.mobility,
      peerPort: peer.peerPort,
      dataDir: gatewayDataDir,
      port: 3002 + PORT_OFFSET,
      operatorToken: OPERATOR_TOKEN,
    };
    gateway = await GatewayEventsProcess.start(gatewayConfig);
  });

  after(async () => {
    for (const stream of streams) stream.close();
    await gateway?.stop();
    await tearDownNetwork(network);
    if (gatewayDataDir) rmSync(gatewayDataDir, { recursive: true, force: true });
  });

  it('streams a rider its ride-request notices with the private key part resolved, and nothing of another rider', async () => {
    const stream = await subscribe(rider);
    await requestRide(rider);
    await requestRide(otherRider);
    await requestRide(rider);
    riderEvents.push(...(await stream.readUntil(hasAll(riderTxIds, 2))));
    stream.close();

    expectInOrderOnce(riderEvents);
    const received = notices(riderEvents);
    // The stream starts with the rider's registration and terms, as nothing was skipped.
    expect(received.slice(0, 2).map((notice) => notice.type)).to.deep.equal(['devices.Registered', 'rideshare.TermsAccepted']);
    expect(received.every((notice) => !otherTxIds.includes(notice.txId))).to.equal(true);
    for (const txId of riderTxIds) {
      const ofTx = received.filter((notice) => notice.txId === txId);
      expect(ofTx.map((notice) => notice.type)).to.deep.equal(['rideshare.RideRequested', 'rideshare.KeyPartDelivered']);
      const [requested, keyPart] = ofTx;
      expect(requested!.data).to.include({ rider: rider.address });
      expect(keyPart!.data).to.include({ collection: 'operatorPrivate', item: 'request-key-second' });
      // The operator's gateway forwarded the ledger-side key part (step 406) to this device only.
      expect(keyPart!.private).to.deep.equal({ 'request-key-second': { kind: 'rideshare.keyPart', part: secrets.get(txId) } });
      expect(riderEvents.find((event) => event.id === keyPart!.position)?.event).to.equal('rideshare.KeyPartDelivered');
    }
  });

  it('resumes after a disconnect from Last-Event-ID: what happened meanwhile, nothing twice', async () => {
    const lastSeen = riderEvents[riderEvents.length - 1]!.id!;
    const meanwhile = [await requestRide(rider), await requestRide(rider)];
    const stream = await subscribe(rider, lastSeen);
    const resumed = await stream.readUntil(hasAll(meanwhile, 2));
    stream.close();
    expect([...txIdsOf(resumed)]).to.deep.equal(meanwhile);
    expect(notices(resumed)).to.have.length(4);
    expectInOrderOnce([...riderEvents, ...resumed]);
    riderEvents.push(...resumed);
  });

  it('loses and repeats nothing when the gateway crashes and restarts on its data dir while rides are requested', async () => {
    let lastSeen = riderEvents[riderEvents.length - 1]!.id!;
    const before = riderTxIds.length;
    const stream = await subscribe(rider, lastSeen);
    // Rides keep coming while the gateway dies and comes back.
    const producing = (async () => {
      const txIds: string[] = [];
      for (let i = 0; i < 6; i += 1) txIds.push(await requestRide(rider));
      return txIds;
    })();
    const firstPart = await stream.readUntil((events) => notices(events).length >= 2);
    await gateway!.kill();
    const cutOff = [...firstPart, ...(await stream.readToEnd())];
    lastSeen = cutOff.filter((event) => event.id !== undefined).pop()!.id!;
    gateway = await GatewayEventsProcess.start(gatewayConfig);
    const reconnected = await subscribe(rider, lastSeen);
    // Some rides were committed while no gateway ran (caught up from the checkpoint), this one comes live.
    const produced = [...(await producing), await requestRide(rider)];
    expect(produced).to.deep.equal(riderTxIds.slice(before));
    const secondPart = await reconnected.readUntil((events) => hasAll(produced, 2)([...cutOff, ...events]));
    reconnected.close();

    const all = [...cutOff, ...secondPart];
    expectInOrderOnce([...riderEvents, ...all]);
    expect(notices(all)).to.have.length(2 * produced.length);
    expect([...txIdsOf(all)]).to.deep.equal(produced);
    riderEvents.push(...all);
  });

  it('keeps another device to its own notices, and gives the org app only what is addressed to the org', async () => {
    const sentinel = await requestRide(otherRider);
    const other = await subscribe(otherRider);
    const otherEvents = await other.readUntil(hasAll(otherTxIds, 2));
    expectInOrderOnce(otherEvents);
    expect(notices(otherEvents).filter((notice) => riderTxIds.includes(notice.txId))).to.deep.equal([]);
    expect(notices(otherEvents).every((notice) => notice.type.startsWith('devices.') || notice.type.startsWith('rideshare.'))).to.equal(true);

    const org = await open({ authorization: `Bearer ${OPERATOR_TOKEN}` });
    const orgEvents = await org.readUntil((events) => txIdsOf(events).has(sentinel));
    const ofRides = notices(orgEvents).filter((notice) => riderTxIds.includes(notice.txId) || otherTxIds.includes(notice.txId));
    // org:MobilityMSP gets every RideRequested, never the key parts addressed to devices only, and no private items.
    expect(new Set(ofRides.map((notice) => notice.type))).to.deep.equal(new Set(['rideshare.RideRequested']));
    expect(ofRides).to.have.length(riderTxIds.length + otherTxIds.length);
    expect(ofRides.some((notice) => notice.private !== undefined)).to.equal(false);
  });

  it('refuses subscribers without a valid device credential', async () => {
    const anonymous = await refusal({});
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body).to.deep.equal({ error: { code: 'UNAUTHENTICATED', message: 'an Authorization: Device header is required', field: 'authorization' } });
    expect(anonymous.headers['www-authenticate']).to.match(/^Device /);

    const thief = Wallet.createRandom();
    const forged = JSON.parse(Buffer.from((await deviceAuthorization(thief)).slice('Device '.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    const asRider = `Device ${Buffer.from(JSON.stringify({ ...forged, device: rider.address })).toString('base64url')}`;
    expect((await refusal({ authorization: asRider })).body).to.deep.include({ error: { code: 'UNAUTHENTICATED', message: 'is not a signature of the named device over this request', field: 'authorization.signature' } });
    expect(((await refusal({ authorization: await deviceAuthorization(thief) })).body as { error: { field: string } }).error.field).to.equal('authorization.device');
    expect((await refusal({ authorization: await deviceAuthorization(rider, { action: 'gateway.dashboard' }) })).status).to.equal(401);
    expect((await refusal({ authorization: await deviceAuthorization(rider, { expiresInMs: 10 * 60_000 }) })).status).to.equal(401);
    expect((await refusal({ authorization: 'Bearer wrong-token' })).status).to.equal(401);
  });
});
