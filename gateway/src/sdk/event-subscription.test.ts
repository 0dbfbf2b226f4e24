import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSubscription, type DeviceEvent } from './event-subscription';
import { GatewayError } from './gateway-error';

/**
 * A small SSE server holding a numbered event log: each connection sends the events after
 * Last-Event-ID, then the test decides when to append more or drop the connection.
 */
class LogServer {
  readonly log: { type: string; data: unknown }[] = [];
  readonly requests: { lastEventId: string | undefined; authorization: string | undefined }[] = [];
  private open: ServerResponse[] = [];
  refuseWith: number | undefined;
  private constructor(readonly server: Server) {}

  static async start(): Promise<LogServer> {
    const holder: { instance?: LogServer } = {};
    const server = createServer((request, response) => holder.instance?.handle(request, response));
    const instance = new LogServer(server);
    holder.instance = instance;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/events`;
  }

  append(type: string, data: unknown): void {
    this.log.push({ type, data });
    const id = this.log.length;
    for (const response of this.open) response.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Drops every open stream, as a crashing gateway or a proxy timeout would. */
  dropAll(): void {
    for (const response of this.open) response.socket?.destroy();
    this.open = [];
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const lastEventId = request.headers['last-event-id'] as string | undefined;
    this.requests.push({ lastEventId, authorization: request.headers.authorization });
    if (this.refuseWith) {
      response.writeHead(this.refuseWith, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      response.end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'the credential has expired', field: 'authorization.expiresAt' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write('retry: 20\n: connected\n\n');
    const after = lastEventId ? Number(lastEventId) : 0;
    this.log.slice(after).forEach((entry, index) => response.write(`id: ${after + index + 1}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry.data)}\n\n`));
    this.open.push(response);
  }
}

describe('EventSubscription', function () {
  this.timeout(10_000);
  let server: LogServer;
  let credentials = 0;
  const connector = () => ({ url: server.url, fetch: globalThis.fetch, authorization: async () => `Device token-${++credentials}` });

  beforeEach(async () => {
    server = await LogServer.start();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('delivers events in order with their ids and parsed JSON data', async () => {
    server.append('pairing.PrePaired', { pairingId: 'p1' });
    const subscription = new EventSubscription(connector(), { lastEventId: '0' });
    try {
      const first = await subscription.waitFor(() => true);
      expect(first).to.deep.equal({ id: '1', type: 'pairing.PrePaired', data: { pairingId: 'p1' } });
      server.append('pairing.PairingEnabled', { distanceMm: 12 });
      const second = await subscription.waitFor((event) => event.type === 'pairing.PairingEnabled');
      expect(second.data).to.deep.equal({ distanceMm: 12 });
      expect(subscription.lastEventId).to.equal('2');
    } finally {
      subscription.close();
    }
  });

  it('reconnects after a drop with Last-Event-ID and a fresh credential: nothing missed, nothing repeated', async () => {
    const subscription = new EventSubscription(connector(), { retryMs: 10 });
    const seen: DeviceEvent[] = [];
    const consumer = (async () => {
      for await (const event of subscription) {
        seen.push(event);
        if (seen.length === 4) break;
      }
    })();
    try {
      await waitUntil(() => server.requests.length === 1);
      server.append('a', 1);
      server.append('b', 2);
      await subscription.waitFor((event) => event.type === 'b');
      server.dropAll();
      // Written while the device was disconnected: the resume must deliver them exactly once.
      server.append('c', 3);
      server.append('d', 4);
      await consumer;
      expect(seen.map((event) => [event.id, event.type])).to.deep.equal([
        ['1', 'a'],
        ['2', 'b'],
        ['3', 'c'],
        ['4', 'd'],
      ]);
      expect(server.requests.map((request) => request.lastEventId)).to.deep.equal([undefined, '2']);
      expect(new Set(server.requests.map((request) => request.authorization)).size).to.equal(2);
      expect(subscription.connectionCount).to.equal(2);
    } finally {
      subscription.close();
    }
  });

  it('stops with a typed GatewayError when the gateway refuses the credential, without retrying', async () => {
    server.refuseWith = 401;
    const errors: GatewayError[] = [];
    const subscription = new EventSubscription(connector(), { retryMs: 10, onError: (error) => errors.push(error) });
    let thrown: unknown;
    await subscription.waitFor(() => true, 5_000).catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(GatewayError);
    expect(thrown).to.include({ status: 401, code: 'UNAUTHENTICATED', field: 'authorization.expiresAt', requestId: 'req-1' });
    expect(errors).to.have.length(1);
    expect(server.requests).to.have.length(1);
  });

  it('keeps retrying while the gateway is unreachable, and ends iteration on close()', async () => {
    const port = (server.server.address() as AddressInfo).port;
    await server.stop();
    const errors: GatewayError[] = [];
    const subscription = new EventSubscription({ url: `http://127.0.0.1:${port}/v1/events`, fetch: globalThis.fetch, authorization: async () => 'Device x' }, { retryMs: 5, maxRetryMs: 20, onError: (error) => errors.push(error) });
    await waitUntil(() => errors.length >= 3);
    expect(errors.every((error) => error.code === 'NETWORK_ERROR' && error.status === 0)).to.equal(true);
    const iteration = (async () => {
      const events: DeviceEvent[] = [];
      for await (const event of subscription) events.push(event);
      return events;
    })();
    subscription.close();
    expect(await iteration).to.deep.equal([]);
    server = await LogServer.start();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
