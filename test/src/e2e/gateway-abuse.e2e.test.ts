import type { SignedDeviceRequest } from '@mobility-ledger/chaincode';
import { ROUTES } from '@mobility-ledger/gateway/dist/api';
import { DeviceKey, GatewayClient, GatewayError, rideshare, type Device, type SdkRoutes } from '@mobility-ledger/gateway/dist/sdk';
import { expect } from 'chai';
import fc from 'fast-check';
import { id } from 'ethers';
import { BlockReader } from '../support/block-scan';
import { fieldOfPath, malformedBody, type JsonSchema, type MalformedBody } from '../support/gateway-sdk-malformed-bodies';
import { SdkStack } from '../support/gateway-sdk-stack';

/** Network ports: Fabric defaults + 11000 (or MOBILITY_E2E_PORT_OFFSET); gateways on 3001-3003 + the offset. */
const PORT_OFFSET = Number(process.env.MOBILITY_E2E_PORT_OFFSET ?? 11_000);
const MALFORMED_CASES = 1_200;
const TERMS = { version: 1, documentHash: id('abuse suite terms').slice(2) };

interface Ride {
  readonly status: string;
  readonly lastChange?: { action: string };
}

/** The refusal a call ends with (it must not succeed). */
async function refusal(call: Promise<unknown>): Promise<GatewayError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${outcome === undefined ? 'success' : String(outcome)}`);
  return outcome;
}

/** Sum of the Fabric call counts (evaluate, endorse, submit, commit) in a gateway's Prometheus metrics. */
async function fabricCalls(gateway: GatewayClient): Promise<number> {
  const answer = await fetch(`${gateway.baseUrl}/metrics`);
  const text = await answer.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('mobility_gateway_fabric_phase_duration_seconds_count'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('end to end: abuse of the gateway HTTP API through the SDK (forged, replayed, expired, foreign, malformed)', function () {
  this.timeout(240_000);
  let stack: SdkStack;
  let blocks: BlockReader;
  let riderA: Device<SdkRoutes>;
  let riderB: Device<SdkRoutes>;
  let acceptance: SignedDeviceRequest<typeof TERMS>;
  let rideId: string;
  const keyA = DeviceKey.create();
  const keyB = DeviceKey.create();

  const mobility = (): GatewayClient => stack.gateways.mobility;
  const ride = async (): Promise<Ride> => stack.query<Ride>('rideshare:GetRide', rideId);
  const rideHistory = async (): Promise<unknown[]> => stack.query<unknown[]>('rideshare:RideHistory', rideId);

  /**
   * Commits a harmless marker transaction and returns its block: two markers in consecutive blocks
   * prove no transaction committed between them (the stack has no other writer).
   */
  async function marker(): Promise<bigint> {
    const answer = await mobility().call('rideshare.getConfig', {});
    const config = answer.result as Record<string, unknown>;
    const written = await mobility().call('rideshare.setConfig', config as never);
    return BigInt(written.blockNumber);
  }

  /** Runs `abuse` between two markers and checks that nothing was committed in between. */
  async function changesNothing(abuse: () => Promise<void>): Promise<void> {
    const before = await marker();
    await abuse();
    const after = await marker();
    expect(after, 'no block between the markers').to.equal(before + 1n);
    const chain = await blocks.readUpTo(after);
    expect(chain[Number(after)]?.getData()?.getDataList().length, 'the marker block holds the marker alone').to.equal(1);
  }

  before(async () => {
    stack = await SdkStack.start(PORT_OFFSET);
    blocks = new BlockReader(stack.fabric.gateway.getNetwork('mobility'));
    riderA = mobility().device(keyA);
    riderB = mobility().device(keyB);
    await mobility().call('rideshare.publishTerms', TERMS);
    for (const rider of [riderA, riderB]) await rider.register({ type: 'rider-phone' });
    acceptance = await riderA.sign('rideshare.acceptTerms', TERMS);
    await mobility().call('rideshare.acceptTerms', acceptance);
    await riderB.submit('rideshare.acceptTerms', TERMS);
    const draft = rideshare.draftRideRequest({ pickup: { latE6: 48_137_150, lonE6: 11_575_450 }, destination: { latE6: 48_353_750, lonE6: 11_786_080 } });
    rideId = ((await mobility().call('rideshare.requestRide', await rideshare.requestRideBody(riderA, draft))).result as { rideId: string }).rideId;
  });

  after(async () => {
    await stack?.stop();
    blocks?.close();
  });

  it('refuses a forged signature (payload changed after signing, or another key signing for the device): 401 naming the signature', async () => {
    await changesNothing(async () => {
      const signed = await riderA.sign('rideshare.cancelRide', { rideId, reason: 'changed my mind' });
      const tampered = await refusal(mobility().call('rideshare.cancelRide', { ...signed, payload: { rideId, reason: 'tampered reason' } }));
      expect(tampered).to.include({ status: 401, code: 'UNAUTHENTICATED', field: 'signature' });
      const impostor = await riderB.sign('rideshare.cancelRide', { rideId, reason: 'pretending to be A' });
      const posing = await refusal(mobility().call('rideshare.cancelRide', { ...impostor, device: keyA.address }));
      expect(posing).to.include({ status: 401, code: 'UNAUTHENTICATED', field: 'signature' });
    });
    expect((await ride()).status).to.equal('requested');
  });

  it('refuses a replayed request: 409 naming the nonce the chaincode already consumed', async () => {
    const accountBefore = await stack.query<unknown>('rideshare:GetAccount', keyA.address);
    await changesNothing(async () => {
      const replay = await refusal(mobility().call('rideshare.acceptTerms', acceptance));
      expect(replay).to.include({ status: 409, code: 'ALREADY_EXISTS', field: 'nonce' });
      expect(replay.message).to.contain('replayed');
    });
    expect(await stack.query<unknown>('rideshare:GetAccount', keyA.address)).to.deep.equal(accountBefore);
  });

  it('refuses a replayed device credential (event subscription, signed read): 401 naming the nonce', async () => {
    // A captured subscribe header opens one stream, not two.
    const subscribe = await riderA.signer.authorization('gateway.subscribe', {});
    const opened = new AbortController();
    const first = await fetch(`${mobility().baseUrl}/v1/events?after=now`, { headers: { authorization: subscribe, accept: 'text/event-stream' }, signal: opened.signal });
    expect(first.status).to.equal(200);
    expect(first.headers.get('content-type')).to.match(/^text\/event-stream/);
    opened.abort();
    const replayed = await fetch(`${mobility().baseUrl}/v1/events?after=now`, { headers: { authorization: subscribe, accept: 'text/event-stream' } });
    expect(replayed.status).to.equal(401);
    expect(((await replayed.json()) as { error: unknown }).error).to.include({ code: 'UNAUTHENTICATED', field: 'authorization.nonce' });
    // A captured signed-read header reads once; the SDK signs every read afresh.
    const read = await riderA.signer.authorization('rideshare.readRide', { rideId });
    const path = `/v1/rideshare/rides/${rideId}/as-party`;
    expect((await mobility().raw({ method: 'GET', path, headers: { authorization: read } })).status).to.equal(200);
    const replayedRead = await refusal(mobility().raw({ method: 'GET', path, headers: { authorization: read } }));
    expect(replayedRead).to.include({ status: 401, code: 'UNAUTHENTICATED', field: 'authorization.nonce' });
    expect(((await riderA.read('rideshare.getRideAsParty', { rideId })).result as Ride).status).to.equal('requested');
    expect(((await riderA.read('rideshare.getRideAsParty', { rideId })).result as Ride).status).to.equal('requested');
  });

  it('refuses an expired request: 401 naming expiresAt, before any endorsement', async () => {
    const callsBefore = await fabricCalls(mobility());
    await changesNothing(async () => {
      const expired = await riderA.sign('rideshare.cancelRide', { rideId, reason: 'too late' }, { ttlMs: -1_000 });
      const answer = await refusal(mobility().call('rideshare.cancelRide', expired));
      expect(answer).to.include({ status: 401, code: 'UNAUTHENTICATED', field: 'expiresAt' });
    });
    // Between the markers: the markers' own calls (getConfig evaluate, setConfig endorse/submit/commit) only.
    const markerCalls = 2 * 4;
    expect((await fabricCalls(mobility())) - callsBefore).to.equal(markerCalls);
    expect((await ride()).status).to.equal('requested');
  });

  it('refuses a request signed by another registered device: 403 naming the device, on writes and signed reads', async () => {
    const historyBefore = await rideHistory();
    await changesNothing(async () => {
      const foreign = await refusal(riderB.submit('rideshare.cancelRide', { rideId, reason: 'not my ride' }));
      expect(foreign).to.include({ status: 403, code: 'PERMISSION_DENIED', field: 'device' });
      const read = await refusal(riderB.read('rideshare.getRideAsParty', { rideId }));
      expect(read.status).to.equal(403);
      expect(read.field).to.match(/device$/);
    });
    expect(await rideHistory()).to.deep.equal(historyBefore);
    // The rightful party still can: the refusals consumed nothing of its own.
    expect(((await riderA.read('rideshare.getRideAsParty', { rideId })).result as Ride).status).to.equal('requested');
  });

  it(`refuses ${MALFORMED_CASES} malformed bodies generated from the route schemas with 400 naming the field, before any Fabric call`, async () => {
    const writes = ROUTES.filter((route) => route.method === 'POST' && (route as { body?: unknown }).body !== undefined);
    const gatewayFor = (org: string): GatewayClient => (org === 'OemMSP' ? stack.gateways.oem : org === 'AuditMSP' ? stack.gateways.audit : stack.gateways.mobility);
    const allGateways = [stack.gateways.oem, stack.gateways.mobility, stack.gateways.audit];
    const kinds = new Map<string, number>();
    const routesHit = new Set<string>();
    const historyBefore = await rideHistory();
    const callsBefore = await Promise.all(allGateways.map(fabricCalls));
    const cases = fc.oneof(...writes.map((route) => malformedBody((route as { body?: unknown }).body as JsonSchema).map((defect): [typeof route, MalformedBody] => [route, defect])));
    await changesNothing(async () => {
      await fc.assert(
        fc.asyncProperty(cases, async ([route, defect]) => {
          const gateway = gatewayFor(route.org);
          const answer = await refusal(gateway.raw({ method: 'POST', path: route.path, body: defect.body }));
          const expected = fieldOfPath(defect.path);
          const field = answer.field ?? '';
          const context = `${route.id} ${defect.kind} at ${expected}: ${answer.message}`;
          expect(answer.status, context).to.equal(400);
          expect(answer.code, context).to.equal('INVALID_ARGUMENT');
          // The named field is the defect's place, or the union holding it (a union cannot tell which branch was meant).
          expect(field.length, context).to.be.greaterThan(0);
          expect(expected === field || expected.startsWith(`${field}.`) || expected.startsWith(`${field}[`), `${context} (named ${field})`).to.equal(true);
          kinds.set(defect.kind, (kinds.get(defect.kind) ?? 0) + 1);
          routesHit.add(route.id);
        }),
        { numRuns: MALFORMED_CASES, seed: 20_260_101 },
      );
    });
    expect([...kinds.values()].reduce((sum, count) => sum + count, 0)).to.equal(MALFORMED_CASES);
    expect([...kinds.keys()].sort()).to.deep.equal(['bad-pattern', 'extra-field', 'missing-required', 'oversize', 'wrong-type']);
    expect(routesHit.size, 'routes exercised').to.be.greaterThan(writes.length * 0.9);
    // Validation failed before the handler: no evaluate, endorse, submit or commit on any gateway but the markers'.
    const callsAfter = await Promise.all(allGateways.map(fabricCalls));
    expect(callsAfter.map((count, index) => count - (callsBefore[index] ?? 0))).to.deep.equal([0, 2 * 4, 0]);
    expect(await rideHistory()).to.deep.equal(historyBefore);
  });
});
