import { ReadyChild } from '@mobility-ledger/gateway/dist/process/ready-child';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { GatewayEventsServerConfig } from './gateway-events-server';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
// The server beside this file: TypeScript under tsx (test:quick), JavaScript once test/ is built.
const ENTRY = path.join(__dirname, `gateway-events-server${path.extname(__filename)}`);

/** The events-only gateway in its own process, so a test can crash it (SIGKILL) and start it again on the same data dir. */
export class GatewayEventsProcess {
  private constructor(private readonly process: ReadyChild<string>) {}

  static async start(config: GatewayEventsServerConfig, timeoutMs = 60_000): Promise<GatewayEventsProcess> {
    return new GatewayEventsProcess(
      await ReadyChild.start({
        name: 'the events gateway',
        args: ENTRY.endsWith('.ts') ? ['--require', 'tsx/cjs', ENTRY] : [ENTRY],
        cwd: REPO_ROOT,
        env: { ...process.env, GATEWAY_EVENTS_CONFIG: JSON.stringify(config) },
        readyReport: (line) => {
          const report = line as { event?: unknown; url?: unknown } | null;
          return report?.event === 'ready' && typeof report.url === 'string' && report.url ? report.url : undefined;
        },
        readyTimeoutMs: timeoutMs,
        logChunks: 200,
      }),
    );
  }

  get child(): ChildProcess {
    return this.process.child;
  }

  get url(): string {
    return this.process.ready;
  }

  get stderr(): string[] {
    return this.process.logTail;
  }

  /** A crash: no shutdown code runs, open streams break. */
  async kill(): Promise<void> {
    await this.process.kill();
  }

  async stop(): Promise<void> {
    await this.process.stop(10_000);
  }
}
