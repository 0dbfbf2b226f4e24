import type { ChaincodeEvent, ChaincodeEventsOptions, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import { signDeviceRequest } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { Wallet } from 'ethers';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { encodeDeviceAuthorization, type DeviceInfo, type DeviceLookup } from '../auth';
import { createEventService, type EventService, type EventServiceOptions } from './event-service';
import type { PrivateItemResolver } from './private-items';

const phone = new Wallet('0x' + '55'.repeat(32));
const other = new Wallet('0x' + '66'.repeat(32));

/**
 * Stands in for the peer's ChaincodeEvents service: a growing chain; a session replays it from the
 * checkpoint the way Fabric does (start block, after the checkpointed transaction) and then follows it.
 */
class LivePeer {
  readonly chain: ChaincodeEvent[] = [];
  private readonly followers = new Set<() => void>();
  private block = 0n;

  commit(notices: { type: string; to: string[]; data?: Record<string, unknown> }[]): string {
    this.block += 1n;
    const transactionId = `tx${this.block}`;
    const payload = { version: 1, txId: transactionId, notices: notices.map((notice) => ({ data: {}, ...notice })) };
    this.chain.push({ blockNumber: this.block, transactionId, chaincodeName: 'mobility', eventName: notices[0]?.type ?? '', payload: Buffer.from(JSON.stringify(payload)) });
    for (const follower of this.followers) follower();
    return transactionId;
  }

  async getChaincodeEvents(_name: string, options?: ChaincodeEventsOptions): Promise<CloseableAsyncIterable<ChaincodeEvent>> {
    const start = options?.checkpoint?.getBlockNumber() ?? options?.startBlock ?? 0n;
    const after = options?.checkpoint?.getTransactionId();
    const followers = this.followers;
    const chain = this.chain;
    let closed = false;
    let wake: () => void = () => undefined;
    const follower = (): void => wake();
    followers.add(follower);
    async function* session(): AsyncGenerator<ChaincodeEvent> {
      let index = chain.findIndex((event) => event.blockNumber >= start);
      if (index < 0) index = chain.length;
      if (after) {
        const at = chain.findIndex((event) => event.transactionId === after);
        if (at >= 0) index = at + 1;
      }
      while (!closed) {
        if (index < chain.length) {
          yield chain[index]!;
          index += 1;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
    return {
      [Symbol.asyncIterator]: session,
      close: () => {
        closed = true;
        followers.delete(follower);
        wake();
      },
    } as unknown as CloseableAsyncIterable<ChaincodeEvent>;
  }

  asNetwork(): Network {
    return { getName: () => 'mobility', getChaincodeEvents: this.getChaincodeEvents.bind(this), getContract: () => ({}) } as unknown as Network;
  }
}

interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: unknown;
  readonly comment?: string;
}

/** A minimal SSE reader over fetch, enough for these tests (the reference client lives in test/src/support). */
class SseReader {
  private buffer = '';
  private readonly frames: SseFrame[] = [];
  private constructor(
    readonly status: number,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
    readonly body: unknown,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const response = await fetch(url, { headers });
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) return new SseReader(response.status, response.body!.getReader(), undefined);
    return new SseReader(response.status, undefined, await response.json());
  }

  /** The next message (or comment, when asked for; `retry:` frames are skipped); undefined when the stream ends. */
  async next(options: { comments?: boolean; timeoutMs?: number } = {}): Promise<SseFrame | undefined> {
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    for (;;) {
      const index = this.frames.findIndex((frame) => (frame.comment !== undefined ? options.comments === true : frame.event !== undefined || frame.data !== undefined));
      if (index >= 0) return this.frames.splice(0, index + 1).pop();
      if (Date.now() > deadline) throw new Error('no SSE frame in time');
      const chunk = await Promise.race([this.reader!.read(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), deadline - Date.now()))]);
      if (chunk === 'timeout') continue;
      if (chunk.done) return undefined;
      this.buffer += Buffer.from(chunk.value).toString('utf8');
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        this.frames.push(parseFrame(this.buffer.slice(0, end)));
        this.buffer = this.buffer.slice(end + 2);
      }
    }
  }

  async events(count: number): Promise<SseFrame[]> {
    const frames: SseFrame[] = [];
    while (frames.length < count) {
      const frame = await this.next();
      if (!frame) throw new Error(`stream ended after ${frames.length} events`);
      if (frame.event !== undefined || frame.id !== undefined) frames.push(frame);
    }
    return frames;
  }

  close(): void {
    void this.reader?.cancel().catch(() => undefined);
  }
}

function parseFrame(text: string): SseFrame {
  const frame: { id?: string; event?: string; data?: unknown; comment?: string } = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
  }
  return frame;
}

let nonces = 0;

/** A fresh credential each time: the service accepts each nonce once. */
async function deviceHeader(wallet: Wallet, action = 'gateway.subscribe'): Promise<string> {
  nonces += 1;
  const nonce = `nonce-${String(nonces).padStart(4, '0')}`;
  return encodeDeviceAuthorization(await signDeviceRequest(wallet, { action, channel: 'mobility', payload: {}, nonce, expiresAt: Date.now() + 60_000 }));
}

const to = (wallet: Wallet): string => `device:${wallet.address}`;

describe('events: the event service over HTTP (SSE)', function () {
  this.timeout(20_000);
  let dataDir: string;
  let peer: LivePeer;
  let service: EventService;
  let app: FastifyInstance;
  let base: string;
  let registry: Registry;
  const devices = new Map<string, DeviceInfo>();
  const lookup: DeviceLookup = { getDevice: async (address) => devices.get(address) };
  const readers: SseReader[] = [];

  async function startGateway(extra: Partial<EventServiceOptions> = {}): Promise<void> {
    registry = new Registry();
    service = await createEventService({
      network: peer.asNetwork(),
      chaincodeName: 'mobility',
      dataDir,
      logger: pino({ level: 'silent' }),
      lookup,
      orgMspId: 'OemMSP',
      operatorToken: 'operator-secret',
      registry,
      ...extra,
    });
    // Test clients (fetch) may leave spare keep-alive sockets: do not wait for them on close.
    app = Fastify({ forceCloseConnections: true });
    service.register(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }

  async function stopGateway(): Promise<void> {
    await app.close();
    await service.close();
  }

  async function subscribe(wallet: Wallet, headers: Record<string, string> = {}, query = ''): Promise<SseReader> {
    const reader = await SseReader.open(`${base}/v1/events${query}`, { authorization: await deviceHeader(wallet), ...headers });
    readers.push(reader);
    return reader;
  }

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'event-service-'));
    peer = new LivePeer();
    for (const wallet of [phone, other]) devices.set(wallet.address, { address: wallet.address, deviceType: 'owner-phone', status: 'active', org: 'OemMSP' });
    await startGateway();
  });

  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close();
    await stopGateway();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams a device the notices addressed to it, and only those, with positions as ids', async () => {
    peer.commit([{ type: 'pairing.PrePaired', to: [to(phone), 'org:OemMSP'], data: { vin: 'V1' } }, { type: 'pairing.DeviceDataDelivered', to: [to(other)] }]);
    const reader = await subscribe(phone);
    expect(reader.status).to.equal(200);
    peer.commit([{ type: 'devices.Registered', to: [to(other)] }]);
    peer.commit([{ type: 'pairing.PairingEnabled', to: [to(other), to(phone).toLowerCase()], data: { distanceMm: 10 } }]);
    const frames = await reader.events(2);
    expect(frames).to.deep.equal([
      { id: '1.0.0', event: 'pairing.PrePaired', data: { position: '1.0.0', txId: 'tx1', blockNumber: '1', type: 'pairing.PrePaired', data: { vin: 'V1' } } },
      { id: '3.0.0', event: 'pairing.PairingEnabled', data: { position: '3.0.0', txId: 'tx3', blockNumber: '3', type: 'pairing.PairingEnabled', data: { distanceMm: 10 } } },
    ]);
    const otherReader = await subscribe(other);
    expect((await otherReader.events(3)).map((frame) => frame.id)).to.deep.equal(['1.0.1', '2.0.0', '3.0.0']);
    const metrics = await registry.getSingleMetricAsString('mobility_gateway_events_delivered_total');
    expect(metrics).to.contain('mobility_gateway_events_delivered_total{org="OemMSP",stream="device"} 5');
  });

  it('resumes after Last-Event-ID or ?after=, and ?after=now skips the backlog', async () => {
    for (let i = 0; i < 4; i += 1) peer.commit([{ type: 'rideshare.RideRequested', to: [to(phone)], data: { i } }]);
    const first = await subscribe(phone);
    expect((await first.events(2)).map((frame) => frame.id)).to.deep.equal(['1.0.0', '2.0.0']);
    first.close();
    const resumed = await subscribe(phone, { 'last-event-id': '2.0.0' }, '?after=0.0.0');
    expect((await resumed.events(2)).map((frame) => frame.id)).to.deep.equal(['3.0.0', '4.0.0']);
    const byQuery = await subscribe(phone, {}, '?after=3.0.0');
    expect((await byQuery.events(1)).map((frame) => frame.id)).to.deep.equal(['4.0.0']);
    const live = await subscribe(phone, {}, '?after=now');
    await live.next({ comments: true }); // subscribed
    peer.commit([{ type: 'rideshare.RideRequested', to: [to(phone)] }]);
    expect((await live.events(1)).map((frame) => frame.id)).to.deep.equal(['5.0.0']);
  });

  it('refuses unauthenticated subscribers and malformed positions', async () => {
    const anonymous = await SseReader.open(`${base}/v1/events`);
    expect([anonymous.status, anonymous.body]).to.deep.equal([401, { error: { code: 'UNAUTHENTICATED', message: 'an Authorization: Device header is required', field: 'authorization' } }]);
    const wrongAction = await SseReader.open(`${base}/v1/events`, { authorization: await deviceHeader(phone, 'gateway.dashboard') });
    expect(wrongAction.status).to.equal(401);
    devices.set(phone.address, { address: phone.address, deviceType: 'owner-phone', status: 'suspended', org: 'OemMSP' });
    const suspended = await SseReader.open(`${base}/v1/events`, { authorization: await deviceHeader(phone) });
    expect(suspended.status).to.equal(403);
    const badPosition = await SseReader.open(`${base}/v1/events`, { authorization: await deviceHeader(other), 'last-event-id': 'yesterday' });
    expect([badPosition.status, (badPosition.body as { error: { field: string } }).error.field]).to.deep.equal([400, 'Last-Event-ID']);
  });

  it('streams org notices to the org app holding the operator token', async () => {
    peer.commit([{ type: 'pairing.PrePaired', to: [to(phone), 'org:OemMSP'] }, { type: 'x.ForMobility', to: ['org:MobilityMSP'] }]);
    const org = await SseReader.open(`${base}/v1/events`, { authorization: 'Bearer operator-secret' });
    readers.push(org);
    expect((await org.events(1)).map((frame) => [frame.id, frame.event])).to.deep.equal([['1.0.0', 'pairing.PrePaired']]);
    const wrong = await SseReader.open(`${base}/v1/events`, { authorization: 'Bearer guess' });
    expect(wrong.status).to.equal(401);
  });

  it('ends a device stream right after the notice that suspends the device', async () => {
    const reader = await subscribe(phone);
    peer.commit([{ type: 'devices.Suspended', to: [to(phone), 'org:OemMSP'], data: { address: phone.address, status: 'suspended' } }]);
    expect((await reader.events(2)).map((frame) => [frame.event, frame.data])).to.deep.equal([
      ['devices.Suspended', { position: '1.0.0', txId: 'tx1', blockNumber: '1', type: 'devices.Suspended', data: { address: phone.address, status: 'suspended' } }],
      ['gateway.end', { reason: 'device-suspended' }],
    ]);
    expect(await reader.next()).to.equal(undefined);
  });

  it('attaches resolved private items for the device named, never for the org stream', async () => {
    await stopGateway();
    const resolver: PrivateItemResolver = { resolve: async (notice) => (notice.type === 'rideshare.KeyPartDelivered' ? { 'request-key-second': { part: 'secret' } } : undefined) };
    await startGateway({ privateItems: resolver });
    peer.commit([{ type: 'rideshare.KeyPartDelivered', to: [to(phone), 'org:OemMSP'], data: { rideId: 'r' } }]);
    const device = await subscribe(phone);
    expect((await device.events(1))[0]?.data).to.deep.include({ private: { 'request-key-second': { part: 'secret' } } });
    const org = await SseReader.open(`${base}/v1/events`, { authorization: 'Bearer operator-secret' });
    readers.push(org);
    expect((await org.events(1))[0]?.data).to.not.have.property('private');
  });

  it('loses and repeats nothing across a gateway restart on the same data dir', async () => {
    peer.commit([{ type: 't.A', to: [to(phone)] }]);
    const before = await subscribe(phone);
    const [first] = await before.events(1);
    await stopGateway();
    peer.commit([{ type: 't.B', to: [to(phone)] }]); // while the gateway is down
    await startGateway();
    peer.commit([{ type: 't.C', to: [to(phone)] }]);
    const after = await subscribe(phone, { 'last-event-id': first!.id! });
    expect((await after.events(2)).map((frame) => `${frame.id} ${frame.event}`)).to.deep.equal(['2.0.0 t.B', '3.0.0 t.C']);
  });

  it('accepts each subscribe credential once, also across a restart, and a refused one costs nothing', async () => {
    const credential = await deviceHeader(phone);
    readers.push(await SseReader.open(`${base}/v1/events`, { authorization: credential }));
    const replay = await SseReader.open(`${base}/v1/events`, { authorization: credential });
    expect(replay.status).to.equal(401);
    expect((replay.body as { error: { code: string; field: string } }).error).to.include({ code: 'UNAUTHENTICATED', field: 'authorization.nonce' });
    // Refused before the nonce is consumed (suspended device): the same credential works once reinstated.
    devices.set(other.address, { address: other.address, deviceType: 'owner-phone', status: 'suspended', org: 'OemMSP' });
    const otherCredential = await deviceHeader(other);
    expect((await SseReader.open(`${base}/v1/events`, { authorization: otherCredential })).status).to.equal(403);
    devices.set(other.address, { address: other.address, deviceType: 'owner-phone', status: 'active', org: 'OemMSP' });
    const accepted = await SseReader.open(`${base}/v1/events`, { authorization: otherCredential });
    readers.push(accepted);
    expect(accepted.status).to.equal(200);
    for (const reader of readers.splice(0)) reader.close();
    await stopGateway();
    await startGateway();
    const afterRestart = await SseReader.open(`${base}/v1/events`, { authorization: credential });
    expect([afterRestart.status, (afterRestart.body as { error: { field: string } }).error.field]).to.deep.equal([401, 'authorization.nonce']);
  });

  it('tells a subscriber resuming from before the retained notices about the gap', async () => {
    peer.commit([{ type: 't.Old', to: [to(phone)] }]);
    peer.commit([{ type: 't.Old', to: [to(phone)] }]);
    const reader = await subscribe(phone);
    await reader.events(2);
    await stopGateway();
    await new Promise((resolve) => setTimeout(resolve, 5)); // both notices now older than the retention below
    await startGateway({ retentionMs: 1 });
    peer.commit([{ type: 't.New', to: [to(phone)] }]);
    const resumed = await subscribe(phone, { 'last-event-id': '1.0.0' });
    expect(await resumed.events(2)).to.deep.equal([
      { event: 'gateway.gap', data: { after: '1.0.0', prunedThrough: '2.0.0' } },
      { id: '3.0.0', event: 't.New', data: { position: '3.0.0', txId: 'tx3', blockNumber: '3', type: 't.New', data: {} } },
    ]);
  });

  it('limits the streams one device holds open: a new one replaces the oldest', async () => {
    await stopGateway();
    await startGateway({ maxStreamsPerRecipient: 2, maxSubscribers: 3 });
    const first = await subscribe(phone);
    const second = await subscribe(phone);
    const third = await subscribe(phone);
    expect(await first.next()).to.deep.equal({ event: 'gateway.end', data: { reason: 'replaced' } });
    expect(await first.next()).to.equal(undefined);
    peer.commit([{ type: 't.A', to: [to(phone)] }]);
    expect((await second.events(1))[0]?.id).to.equal('1.0.0');
    expect((await third.events(1))[0]?.id).to.equal('1.0.0');
    await subscribe(other);
    const overall = await subscribe(other);
    expect([overall.status, (overall.body as { error: { code: string } }).error.code]).to.deep.equal([429, 'RESOURCE_EXHAUSTED']);
  });

  it('sends heartbeats while idle and ends streams when the service closes', async () => {
    await stopGateway();
    await startGateway({ heartbeatMs: 50 });
    const reader = await subscribe(phone);
    expect((await reader.next({ comments: true }))?.comment).to.equal(`subscribed device:${phone.address.toLowerCase()}`);
    expect((await reader.next({ comments: true }))?.comment).to.match(/^heartbeat /);
    await service.close();
    let frame = await reader.next();
    while (frame && frame.event !== 'gateway.end') frame = await reader.next();
    expect(frame?.data).to.deep.equal({ reason: 'shutdown' });
  });
});
