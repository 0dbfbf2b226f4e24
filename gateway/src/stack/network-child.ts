import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The one JSON line the embedded network prints on stdout once it serves requests (network/src/cli/main.ts). */
export interface NetworkReady {
  readonly event: 'ready';
  readonly dataDir: string;
  readonly channel: string;
  readonly chaincode: string;
  readonly startupMs: number;
  readonly peers: readonly { mspId: string; domain: string; endpoint: string; peerPort: number; operationsPort: number; connectionProfile?: string }[];
}

export interface NetworkChildOptions {
  readonly dataDir: string;
  readonly portOffset: number;
  readonly batchTimeoutMs?: number;
  /** The network CLI to run: MOBILITY_NETWORK_CLI, else @mobility-ledger/network's build. */
  readonly cli?: string;
  readonly logLevel?: string;
  /** Copy the network's log (stderr) to this process's stderr as it comes. */
  readonly echoLog?: boolean;
  readonly readyTimeoutMs?: number;
}

/** The network build to run: MOBILITY_NETWORK_CLI (e.g. a snapshot build), else the workspace's. */
export function networkCliPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.MOBILITY_NETWORK_CLI) return path.resolve(env.MOBILITY_NETWORK_CLI);
  return path.join(path.dirname(require.resolve('@mobility-ledger/network/package.json')), 'dist', 'cli', 'main.js');
}

/** The embedded network as a child process, started and waited for like the e2e suites do. */
export class NetworkChild {
  private constructor(
    readonly child: ChildProcess,
    readonly ready: NetworkReady,
    private readonly logTail: string[],
  ) {}

  static async start(options: NetworkChildOptions): Promise<NetworkChild> {
    const args = [options.cli ?? networkCliPath(), 'start', '--data-dir', options.dataDir, '--port-offset', String(options.portOffset)];
    args.push('--log-level', options.logLevel ?? 'warn');
    if (options.batchTimeoutMs !== undefined) args.push('--batch-timeout', String(options.batchTimeoutMs));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const logTail: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (options.echoLog) process.stderr.write(chunk);
      logTail.push(chunk);
      if (logTail.length > 100) logTail.shift();
    });
    const timeoutMs = options.readyTimeoutMs ?? 90_000;
    const ready = await new Promise<NetworkReady>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the embedded network was not ready within ${timeoutMs} ms:\n${logTail.join('')}`));
      }, timeoutMs);
      const onExit = (code: number | null, signal: string | null): void => {
        clearTimeout(timer);
        reject(new Error(`the embedded network exited (${code ?? signal}) before it was ready:\n${logTail.join('')}`));
      };
      child.once('exit', onExit);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let report: Partial<NetworkReady> | undefined;
        try {
          report = JSON.parse(line) as Partial<NetworkReady>;
        } catch {
          return; // ordinary output
        }
        if (report?.event !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(report as NetworkReady);
      });
    });
    return new NetworkChild(child, ready, logTail);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the network logged, for error reports. */
  get log(): string {
    return this.logTail.join('');
  }

  /** SIGTERM (the network closes its ledger), SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
