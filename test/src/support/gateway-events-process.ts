import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { GatewayEventsServerConfig } from './gateway-events-server';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
// The server beside this file: TypeScript under tsx (test:quick), JavaScript once test/ is built.
const ENTRY = path.join(__dirname, `gateway-events-server${path.extname(__filename)}`);

/** The events-only gateway in its own process, so a test can crash it (SIGKILL) and start it again on the same data dir. */
export class GatewayEventsProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly stderr: string[],
  ) {}

  static async start(config: GatewayEventsServerConfig, timeoutMs = 60_000): Promise<GatewayEventsProcess> {
    const args = ENTRY.endsWith('.ts') ? ['--require', 'tsx/cjs', ENTRY] : [ENTRY];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, GATEWAY_EVENTS_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(chunk);
      if (stderr.length > 200) stderr.shift();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`gateway did not become ready in ${timeoutMs} ms:\n${stderr.join('')}`));
      }, timeoutMs);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const report = JSON.parse(line) as { event?: string; url?: string };
          if (report.event === 'ready' && report.url) {
            clearTimeout(timer);
            resolve(report.url);
          }
        } catch {
          // not a JSON line
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited (${code ?? signal}) before ready:\n${stderr.join('')}`));
      });
    });
    return new GatewayEventsProcess(child, url, stderr);
  }

  /** A crash: no shutdown code runs, open streams break. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    const force = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }
}
