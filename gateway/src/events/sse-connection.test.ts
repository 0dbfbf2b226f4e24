import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlowClientError, sseComment, sseMessage, SseConnection } from './sse-connection';

describe('events: SSE framing and backpressure', () => {
  it('frames messages on single lines, whatever the id and event name contain', () => {
    expect(sseMessage({ id: '1.0.0', event: 'pairing.PrePaired', data: { a: 'x\ny' } })).to.equal(
      'id: 1.0.0\nevent: pairing.PrePaired\ndata: {"a":"x\\ny"}\n\n',
    );
    expect(sseMessage({ id: '1\n2', event: 'a\rb', data: 1 })).to.equal('id: 1 2\nevent: a b\ndata: 1\n\n');
    expect(sseComment('heartbeat\nx')).to.equal(': heartbeat x\n\n');
  });

  it('cuts off a client that stops reading instead of buffering for it', async function () {
    this.timeout(20_000);
    let reportOutcome: (outcome: { error: unknown; buffered: number }) => void = () => undefined;
    const outcome = new Promise<{ error: unknown; buffered: number }>((resolve) => (reportOutcome = resolve));
    const server = http.createServer((_request, response) => {
      const connection = new SseConnection(response, 300);
      connection.start({}, 1000);
      void (async () => {
        const frame = sseMessage({ data: 'x'.repeat(64 * 1024) });
        try {
          for (;;) await connection.write(frame);
        } catch (error) {
          // Bytes held by the process when the client was cut off (the kernel holds the rest).
          reportOutcome({ error, buffered: response.writableLength });
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const request = http.get({ host: '127.0.0.1', port, path: '/' }, (response) => response.pause()); // never reads
    request.on('error', () => undefined);
    try {
      const result = await outcome;
      expect(result.error).to.be.instanceOf(SlowClientError);
      // What sits in the process is at most one frame beyond the socket's high-water mark, never the backlog.
      expect(result.buffered).to.be.below(64 * 1024 + 16 * 1024 + 1024);
    } finally {
      request.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
