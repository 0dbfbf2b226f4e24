import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

// MOBILITY_NETWORK_CLI runs another build of the network (e.g. a snapshot while network/ is being edited).
const CLI = process.env.MOBILITY_NETWORK_CLI ?? path.resolve(__dirname, '..', '..', '..', 'network', 'dist', 'cli', 'main.js');

/** What the embedded network prints on stdout, as one JSON line, once it serves requests. */
export interface ReadyReport {
  readonly event: 'ready';
  readonly dataDir: string;
  readonly channel: string;
  readonly chaincode: string;
  readonly startupMs: number;
  readonly peers: readonly { mspId: string; domain: string; endpoint: string; peerPort: number; operationsPort: number }[];
}

export interface NetworkProcessOptions {
  readonly dataDir?: string;
  readonly portOffset: number;
  readonly batchTimeoutMs?: number;
  readonly extraArgs?: readonly string[];
}

/** The embedded network in its own process, so tests can kill it with SIGKILL and restart it. */
export class NetworkProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly ready: ReadyReport,
    readonly options: NetworkProcessOptions & { dataDir: string },
    readonly stderr: string[],
  ) {}

  static newDataDir(): string {
    return mkdtempSync(path.join(os.tmpdir(), 'mobility-ledger-'));
  }

  static async start(options: NetworkProcessOptions, timeoutMs = 60_000): Promise<NetworkProcess> {
    const dataDir = options.dataDir ?? NetworkProcess.newDataDir();
    const args = [CLI, 'start', '--data-dir', dataDir, '--port-offset', String(options.portOffset), '--log-level', 'warn'];
    if (options.batchTimeoutMs !== undefined) args.push('--batch-timeout', String(options.batchTimeoutMs));
    args.push(...(options.extraArgs ?? []));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(chunk);
      if (stderr.length > 200) stderr.shift();
    });
    const ready = await new Promise<ReadyReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`embedded network did not become ready in ${timeoutMs} ms:\n${stderr.join('')}`));
      }, timeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        try {
          const report = JSON.parse(line) as ReadyReport;
          if (report.event === 'ready') {
            clearTimeout(timer);
            resolve(report);
          }
        } catch {
          // Not a JSON line: ordinary output.
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`embedded network exited (${code ?? signal}) before ready:\n${stderr.join('')}`));
      });
    });
    return new NetworkProcess(child, ready, { ...options, dataDir }, stderr);
  }

  /** Simulates a crash: no shutdown hooks run. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
