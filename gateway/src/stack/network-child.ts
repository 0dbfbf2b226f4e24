import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ReadyChild } from '../process/ready-child';

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
  private constructor(private readonly process: ReadyChild<NetworkReady>) {}

  static async start(options: NetworkChildOptions): Promise<NetworkChild> {
    const args = [options.cli ?? networkCliPath(), 'start', '--data-dir', options.dataDir, '--port-offset', String(options.portOffset)];
    args.push('--log-level', options.logLevel ?? 'warn');
    if (options.batchTimeoutMs !== undefined) args.push('--batch-timeout', String(options.batchTimeoutMs));
    return new NetworkChild(
      await ReadyChild.start({
        name: 'the embedded network',
        args,
        readyReport: (line) => ((line as Partial<NetworkReady> | null)?.event === 'ready' ? (line as NetworkReady) : undefined),
        readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
        logChunks: 100,
        ...(options.echoLog ? { echoLog: true } : {}),
      }),
    );
  }

  get child(): ChildProcess {
    return this.process.child;
  }

  get ready(): NetworkReady {
    return this.process.ready;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** The last lines the network logged, for error reports. */
  get log(): string {
    return this.process.log;
  }

  /** SIGTERM (the network closes its ledger), SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    await this.process.stop(graceMs);
  }
}
