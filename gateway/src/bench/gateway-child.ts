import path from 'node:path';
import { ReadyChild } from '../process/ready-child';

export interface GatewayChildOptions {
  readonly org: string;
  /** The embedded network's data dir: peer, TLS and User1 identity come from it (`start --network-data-dir`). */
  readonly networkDataDir: string;
  readonly portOffset: number;
  readonly logLevel?: string;
  readonly readyTimeoutMs?: number;
}

/**
 * One org's gateway as its own process (`cli/main.js start`), configured from the network's data
 * dir as the dev stack configures its in-process gateways: the benchmark's load generator then
 * competes with neither the gateway nor the network for an event loop.
 */
export class GatewayChild {
  private constructor(private readonly process: ReadyChild<string>) {}

  static async start(options: GatewayChildOptions): Promise<GatewayChild> {
    const cli = path.join(__dirname, '..', 'cli', 'main.js');
    const args = [cli, 'start', '--org', options.org, '--network-data-dir', options.networkDataDir, '--port-offset', String(options.portOffset), '--log-level', options.logLevel ?? 'warn'];
    return new GatewayChild(
      await ReadyChild.start({
        name: `the ${options.org} gateway`,
        args,
        // Pino's JSON log lines have no `event: 'ready'`.
        readyReport: (line) => {
          const report = line as { event?: unknown; url?: unknown } | null;
          return report?.event === 'ready' && typeof report.url === 'string' ? report.url : undefined;
        },
        readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
        logChunks: 50,
      }),
    );
  }

  get url(): string {
    return this.process.ready;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.process.running;
  }

  get log(): string {
    return this.process.log;
  }

  /** SIGTERM (graceful drain), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    await this.process.stop(graceMs);
  }
}
