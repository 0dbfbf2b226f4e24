import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthCheck {
  readonly component: string;
  /** Resolves when healthy; rejects or throws with the reason otherwise. */
  check(): Promise<void>;
}

/**
 * The operations endpoint of a Fabric node: GET /healthz (200 OK or 503 with failed checks, same
 * JSON shape as Fabric), GET /metrics (Prometheus text format) and GET /version.
 */
export class OperationsServer {
  private server: Server | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly checks: readonly HealthCheck[],
    private readonly version: string,
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(response, 405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
    if (path === '/healthz') return this.health(response);
    if (path === '/metrics') return send(response, 200, this.registry.contentType, await this.registry.metrics());
    if (path === '/version') return send(response, 200, 'application/json', JSON.stringify({ CommitSHA: 'embedded', Version: this.version }));
    return send(response, 404, 'application/json', JSON.stringify({ error: 'not found' }));
  }

  private async health(response: ServerResponse): Promise<void> {
    const failed: { component: string; reason: string }[] = [];
    await Promise.all(
      this.checks.map(async (healthCheck) => {
        try {
          await healthCheck.check();
        } catch (error) {
          failed.push({ component: healthCheck.component, reason: (error as Error).message });
        }
      }),
    );
    const time = new Date().toISOString();
    if (failed.length === 0) return send(response, 200, 'application/json', JSON.stringify({ status: 'OK', time }));
    return send(response, 503, 'application/json', JSON.stringify({ status: 'Service Unavailable', time, failed_checks: failed }));
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(body);
}
