import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

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
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private readonly logTail: string[],
  ) {}

  static async start(options: GatewayChildOptions): Promise<GatewayChild> {
    const cli = path.join(__dirname, '..', 'cli', 'main.js');
    const args = [cli, 'start', '--org', options.org, '--network-data-dir', options.networkDataDir, '--port-offset', String(options.portOffset), '--log-level', options.logLevel ?? 'warn'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const logTail: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      logTail.push(chunk);
      if (logTail.length > 50) logTail.shift();
    });
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the ${options.org} gateway was not ready within ${timeoutMs} ms:\n${logTail.join('')}`));
      }, timeoutMs);
      const onExit = (code: number | null, signal: string | null): void => {
        clearTimeout(timer);
        reject(new Error(`the ${options.org} gateway exited (${code ?? signal}) before it was ready:\n${logTail.join('')}`));
      };
      child.once('exit', onExit);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let report: { event?: string; url?: string } | undefined;
        try {
          report = JSON.parse(line) as { event?: string; url?: string };
        } catch {
          return; // log lines (pino JSON has no `event: 'ready'`)
        }
        if (report?.event !== 'ready' || typeof report.url !== 'string') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(report.url);
      });
    });
    return new GatewayChild(child, url, logTail);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get log(): string {
    return this.logTail.join('');
  }

  /** SIGTERM (graceful drain), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
