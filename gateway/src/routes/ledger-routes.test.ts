import { status } from '@grpc/grpc-js';
import { signDeviceRequest, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { expect } from 'chai';
import { Wallet, id } from 'ethers';
import Fastify, { type FastifyInstance } from 'fastify';
import { ROUTES } from '../api';
import { FabricPhaseError } from '../fabric/fabric-phase-error';
import type { CommittedTransaction, LedgerCall } from '../fabric/ledger-client';
import { registerErrorAnswers } from './error-answers';
import { registerLedgerRoutes } from './ledger-routes';

/** Stands in for the Fabric side: records every call, answers from a script. */
class RecordingLedger {
  readonly evaluations: LedgerCall[] = [];
  readonly submissions: LedgerCall[] = [];
  evaluateAnswer: (call: LedgerCall) => unknown = () => ({ ok: true });

  async evaluate(call: LedgerCall): Promise<Uint8Array> {
    this.evaluations.push(call);
    const answer = this.evaluateAnswer(call);
    if (answer instanceof Error) throw answer;
    return new TextEncoder().encode(JSON.stringify(answer));
  }

  async submit(call: LedgerCall): Promise<CommittedTransaction> {
    this.submissions.push(call);
    return { txId: 'tx-42', blockNumber: 7n, result: new TextEncoder().encode('{"written":true}'), attempts: 1 };
  }
}

const utf8 = new TextDecoder();
const hex = (label: string): string => id(label).slice(2);
const wallet = (label: string): Wallet => new Wallet(id(`ledger routes test:${label}`));
let nonce = 0;

async function sign<P>(signer: Wallet, action: string, payload: P, overrides: { channel?: string; expiresAt?: number } = {}): Promise<SignedDeviceRequest<P>> {
  nonce += 1;
  return signDeviceRequest(signer, {
    action,
    channel: overrides.channel ?? 'mobility',
    payload,
    nonce: `routes-test-${String(nonce).padStart(4, '0')}`,
    expiresAt: overrides.expiresAt ?? Date.now() + 60_000,
  });
}

const report = (forDevice: string) => ({
  vehicle: { vin: '1HGCM82633A004352', manufacturer: 'Honda', buildDate: '2024-01-02', plant: 'Marysville', options: [] },
  powerState: 'on',
  forDevice,
});

describe('ledger routes', () => {
  let app: FastifyInstance;
  let ledger: RecordingLedger;

  async function gateway(mspId: string): Promise<void> {
    ledger = new RecordingLedger();
    app = Fastify();
    registerErrorAnswers(app);
    registerLedgerRoutes(app, { routes: ROUTES, ledger, mspId, channel: 'mobility' });
    await app.ready();
  }

  afterEach(async () => {
    await app?.close();
  });

  it('submits a write with its body as the one JSON argument and answers with the committed transaction', async () => {
    await gateway('OemMSP');
    const phone = wallet('phone');
    const body = await sign(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'owner-phone', label: 'Ann' });
    const answer = await app.inject({ method: 'POST', url: '/v1/devices', payload: body });
    expect(answer.statusCode).to.equal(200);
    expect(answer.json()).to.deep.equal({ txId: 'tx-42', blockNumber: '7', result: { written: true } });
    expect(ledger.submissions).to.have.length(1);
    const call = ledger.submissions[0];
    expect([call?.contract, call?.transaction]).to.deep.equal(['devices', 'Register']);
    expect(JSON.parse(call?.arguments[0] ?? '')).to.deep.equal(body);
    expect(call?.transientData).to.equal(undefined);
  });

  it('refuses a malformed body with 400 naming the field, before any Fabric call', async () => {
    await gateway('OemMSP');
    const phone = wallet('owner');
    const components = [wallet('head unit'), wallet('digital key')];
    const reports = await Promise.all(components.map((component) => sign(component, 'pairing.reportVehicle', report(phone.address))));
    const body = {
      device: await sign(phone, 'pairing.requestPrePairing', { vin: '1HGCM82633A004352', ownershipCommitment: hex('commitment') }),
      reports: [reports[0], { ...reports[1], signature: '0x1234' }],
      transient: {
        deviceOwnership: { salt: hex('salt a'), data: { ownerName: 'Ann', purchaseDate: '2024-01-02', vins: ['1HGCM82633A004352'], deviceIds: { imei: '490154203237518' } } },
        vehicleOwnership: { salt: hex('salt b'), data: { ownerName: 'Ann', purchaseDate: '2024-01-02', vin: '1HGCM82633A004352' } },
      },
    };
    const answer = await app.inject({ method: 'POST', url: '/v1/pairing/pre-pairings', payload: body });
    expect(answer.statusCode).to.equal(400);
    expect(answer.json().error).to.deep.include({ code: 'INVALID_ARGUMENT', field: 'reports[1].signature' });
    const extra = await app.inject({ method: 'POST', url: '/v1/devices/suspensions', payload: { address: phone.address, reason: 'lost', note: 'x' } });
    expect(extra.json().error).to.deep.include({ field: 'note', message: 'note: is not an allowed field' });
    const missing = await app.inject({ method: 'POST', url: '/v1/devices/suspensions', payload: { address: phone.address } });
    expect(missing.json().error).to.deep.include({ field: 'reason', message: 'reason: is required' });
    expect(ledger.submissions).to.deep.equal([]);
  });

  it('never coerces a body (signed payloads reach the chaincode as sent) but converts query strings', async () => {
    await gateway('AuditMSP');
    const coerced = await app.inject({ method: 'POST', url: '/v1/vinaudit/finalizations', payload: { auditId: 12 } });
    expect([coerced.statusCode, coerced.json().error.field]).to.deep.equal([400, 'auditId']);
    const listed = await app.inject({ method: 'GET', url: '/v1/vinaudit/feature-vectors?limit=5&lotId=lot-1' });
    expect(listed.statusCode).to.equal(200);
    expect(ledger.evaluations[0]?.arguments).to.deep.equal(['{"limit":5,"lotId":"lot-1"}']);
    const bad = await app.inject({ method: 'GET', url: '/v1/vinaudit/feature-vectors?limit=many' });
    expect([bad.statusCode, bad.json().error.field]).to.deep.equal([400, 'limit']);
    const half = await app.inject({ method: 'GET', url: '/v1/vinaudit/nearby-lots?latE6=48137150' });
    expect([half.statusCode, half.json().error.field]).to.deep.equal([400, 'lonE6']);
    await app.inject({ method: 'GET', url: '/v1/vinaudit/nearby-lots?latE6=48137150&lonE6=11575450&lenderMsp=AuditMSP' });
    expect(ledger.evaluations[1]?.arguments).to.deep.equal(['{"gps":{"latE6":48137150,"lonE6":11575450},"lenderMsp":"AuditMSP"}']);
  });

  it('checks device signatures first: 401 for a forged or expired request, 400 for another action or channel', async () => {
    await gateway('OemMSP');
    const phone = wallet('signer');
    const valid = await sign(phone, 'devices.revokeOwn', { reason: 'lost' });
    const tampered = await app.inject({ method: 'POST', url: '/v1/devices/self-revocations', payload: { ...valid, payload: { reason: 'stolen' } } });
    expect([tampered.statusCode, tampered.json().error.code, tampered.json().error.field]).to.deep.equal([401, 'UNAUTHENTICATED', 'signature']);
    const expired = await app.inject({ method: 'POST', url: '/v1/devices/self-revocations', payload: await sign(phone, 'devices.revokeOwn', { reason: 'x' }, { expiresAt: Date.now() - 1 }) });
    expect([expired.statusCode, expired.json().error.field]).to.deep.equal([401, 'expiresAt']);
    const otherChannel = await app.inject({ method: 'POST', url: '/v1/devices/self-revocations', payload: await sign(phone, 'devices.revokeOwn', { reason: 'x' }, { channel: 'other' }) });
    expect([otherChannel.statusCode, otherChannel.json().error.field]).to.deep.equal([400, 'channel']);
    const otherAction = await app.inject({ method: 'POST', url: '/v1/devices/self-revocations', payload: await sign(phone, 'devices.register', { reason: 'x' }) });
    expect([otherAction.statusCode, otherAction.json().error.field]).to.deep.equal([400, 'action']);
    const foreignKey = await sign(phone, 'devices.register', { publicKey: wallet('someone else').signingKey.publicKey, type: 'owner-phone' });
    const registration = await app.inject({ method: 'POST', url: '/v1/devices', payload: foreignKey });
    expect([registration.statusCode, registration.json().error.field]).to.deep.equal([400, 'device']);
    const unvouched = await app.inject({ method: 'POST', url: '/v1/devices', payload: await sign(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'crowd-verifier' }) });
    expect([unvouched.statusCode, unvouched.json().error.field]).to.deep.equal([403, 'caller']);
    expect(ledger.submissions).to.deep.equal([]);
    const accepted = await app.inject({ method: 'POST', url: '/v1/devices/self-revocations', payload: valid });
    expect(accepted.statusCode).to.equal(200);
  });

  it('checks each nested signed request, naming it by its body path', async () => {
    await gateway('MobilityMSP');
    const driver = wallet('driver');
    const headUnit = wallet('head unit 2');
    const driverRequest = await sign(driver, 'rideshare.linkVehicle', { vehicleDevice: headUnit.address });
    const forged = { ...(await sign(wallet('intruder'), 'rideshare.linkDriver', { driver: driver.address })), device: headUnit.address };
    const answer = await app.inject({ method: 'POST', url: '/v1/rideshare/vehicle-links', payload: { driverRequest, vehicleRequest: forged } });
    expect([answer.statusCode, answer.json().error.field]).to.deep.equal([401, 'vehicleRequest.signature']);
  });

  it('refuses a route of another org’s gateway with 403', async () => {
    await gateway('OemMSP');
    const answer = await app.inject({ method: 'POST', url: '/v1/rideshare/terms', payload: { version: 1, documentHash: hex('terms') } });
    expect(answer.statusCode).to.equal(403);
    expect(answer.json().error).to.deep.include({ code: 'PERMISSION_DENIED', field: 'caller' });
    expect(ledger.submissions).to.deep.equal([]);
  });

  it('moves `transient` into the transient map (text as text, openings as JSON) with the named endorsers, and adds the ledger’s key part', async () => {
    await gateway('MobilityMSP');
    const rider = wallet('rider');
    const details = { salt: hex('ride salt').slice(0, 32), pickup: { latE6: 1, lonE6: 2 }, destination: { latE6: 3, lonE6: 4 }, riderParametersHash: hex('params') };
    const request = await sign(rider, 'rideshare.requestRide', { requestedAtMs: Date.now(), detailsCommitment: hex('details'), keyPartCommitment: hex('key') });
    const answer = await app.inject({ method: 'POST', url: '/v1/rideshare/rides', payload: { ...request, transient: { rideRequest: details, riderKeyPart: hex('rider part') } } });
    expect(answer.statusCode).to.equal(200);
    const call = ledger.submissions[0];
    expect(JSON.parse(call?.arguments[0] ?? '')).to.deep.equal(request);
    expect(call?.endorsingOrganizations).to.deep.equal(['MobilityMSP', 'AuditMSP']);
    const transient = Object.fromEntries(Object.entries(call?.transientData ?? {}).map(([key, value]) => [key, utf8.decode(value)]));
    expect(Object.keys(transient).sort()).to.deep.equal(['ledgerKeyPart', 'rideRequest', 'riderKeyPart']);
    expect(JSON.parse(transient.rideRequest ?? '')).to.deep.equal(details);
    expect(transient.riderKeyPart).to.equal(hex('rider part'));
    expect(transient.ledgerKeyPart).to.match(/^[0-9a-f]{64}$/);
  });

  it('reads the ledger side’s openings of a ride back from its own peer when the caller sends none', async () => {
    await gateway('MobilityMSP');
    const rideId = hex('ride');
    ledger.evaluateAnswer = (call) => (call.arguments[1]?.includes('key') ? { kind: 'rideshare.keyPart', part: `part:${call.arguments[1]}` } : { item: call.arguments[1] });
    const party = wallet('party');
    const request = await sign(party, 'rideshare.submitHashes', { rideId, requestHash: hex('a'), responseHash: hex('b'), viewCommitment: hex('c') });
    const partyView = { salt: hex('view').slice(0, 32), requestLocation: { latE6: 1, lonE6: 1 }, responseLocation: { latE6: 2, lonE6: 2 } };
    const answer = await app.inject({ method: 'POST', url: '/v1/rideshare/hash-submissions', payload: { ...request, transient: { partyView } } });
    expect(answer.statusCode).to.equal(200);
    expect(ledger.evaluations.map((call) => `${call.contract}:${call.transaction}:${call.arguments.join(',')}`).sort()).to.deep.equal(
      ['request-details', 'request-key-first', 'request-key-second', 'response-details', 'response-key-first', 'response-key-second'].map((item) => `rideshare:ReadPrivateItem:${rideId},${item}`).sort(),
    );
    const ledgerView = JSON.parse(utf8.decode(ledger.submissions[0]?.transientData?.ledgerView ?? new Uint8Array()));
    expect(ledgerView).to.deep.equal({
      request: { item: 'request-details' },
      requestKey: { first: 'part:request-key-first', second: 'part:request-key-second' },
      response: { item: 'response-details' },
      responseKey: { first: 'part:response-key-first', second: 'part:response-key-second' },
    });
  });

  it('serves signed reads from the Authorization: Device header, over exactly the path’s params', async () => {
    await gateway('AuditMSP');
    const rider = wallet('reader');
    const rideId = hex('read ride');
    const header = (request: unknown): string => `Device ${Buffer.from(JSON.stringify(request)).toString('base64url')}`;
    const request = await sign(rider, 'rideshare.readRide', { rideId });
    const answer = await app.inject({ method: 'GET', url: `/v1/rideshare/rides/${rideId}/as-party`, headers: { authorization: header(request) } });
    expect(answer.statusCode).to.equal(200);
    expect(ledger.evaluations[0]).to.deep.include({ contract: 'rideshare', transaction: 'GetRideAsParty' });
    expect(JSON.parse(ledger.evaluations[0]?.arguments[0] ?? '')).to.deep.equal(request);
    const otherRide = await app.inject({ method: 'GET', url: `/v1/rideshare/rides/${hex('other')}/as-party`, headers: { authorization: header(request) } });
    expect([otherRide.statusCode, otherRide.json().error.field]).to.deep.equal([400, 'authorization.payload']);
    const none = await app.inject({ method: 'GET', url: `/v1/rideshare/rides/${rideId}/as-party` });
    expect([none.statusCode, none.json().error.field]).to.deep.equal([401, 'authorization']);
    const mine = await app.inject({ method: 'GET', url: '/v1/rideshare/my-rides', headers: { authorization: header(await sign(rider, 'rideshare.listRides', {})) } });
    expect(mine.statusCode).to.equal(200);
  });

  it('answers a chaincode refusal with its code and field, and unknown routes with a JSON 404', async () => {
    await gateway('OemMSP');
    ledger.evaluateAnswer = () =>
      new FabricPhaseError('evaluate', Object.assign(new Error('2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: pairing: abc does not exist'), { code: status.UNKNOWN }));
    const answer = await app.inject({ method: 'GET', url: `/v1/pairing/pairings/${hex('p')}` });
    expect(answer.statusCode).to.equal(404);
    expect(answer.json().error).to.deep.include({ code: 'NOT_FOUND', field: 'pairing' });
    const unknown = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect([unknown.statusCode, unknown.json().error.code]).to.deep.equal([404, 'NOT_FOUND']);
  });
});
