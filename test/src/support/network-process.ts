import { ReadyChild } from '@mobility-ledger/gateway/dist/process/ready-child';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFabricOrganizations, readFabricNetwork, targetKind } from './fabric-target';

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

/**
 * MOBILITY_E2E_PORT_OFFSET replaces every suite's own port offset, so a suite can run beside others
 * that use its usual ports (suites read the network's ports from the ready report, not the offset).
 */
function portOffsetOverride(): number | undefined {
  const value = process.env.MOBILITY_E2E_PORT_OFFSET;
  if (value === undefined || value === '') return undefined;
  const offset = Number(value);
  if (!Number.isSafeInteger(offset) || offset <= 0) throw new Error(`MOBILITY_E2E_PORT_OFFSET must be a positive integer, not '${value}'`);
  return offset;
}

/**
 * The embedded network in its own process, so tests can kill it with SIGKILL and restart it. Under
 * FABRIC_TARGET=fabric, `start` attaches to the running real network instead (fabric-target.ts):
 * the ready report describes it, its crypto is copied into dataDir, `stop` leaves it running (its
 * scripts own it) and there is no child process to kill.
 */
export class NetworkProcess {
  private constructor(
    private readonly process: ReadyChild<ReadyReport> | undefined,
    readonly ready: ReadyReport,
    readonly options: NetworkProcessOptions & { dataDir: string },
  ) {}

  /** The embedded network's process; there is none on the real-Fabric target. */
  get child(): ChildProcess {
    if (!this.process) throw new Error('the real Fabric network (FABRIC_TARGET=fabric) runs no child process of the tests');
    return this.process.child;
  }

  /** Whether this is the embedded network's child process (false when attached to real Fabric). */
  get embedded(): boolean {
    return this.process !== undefined;
  }

  /** The network's last stderr chunks. */
  get stderr(): string[] {
    return this.process?.logTail ?? [];
  }

  static newDataDir(): string {
    return mkdtempSync(path.join(os.tmpdir(), 'mobility-ledger-'));
  }

  static async start(options: NetworkProcessOptions, timeoutMs = 60_000): Promise<NetworkProcess> {
    const dataDir = options.dataDir ?? NetworkProcess.newDataDir();
    if (targetKind() === 'fabric') return NetworkProcess.attachToFabric({ ...options, dataDir });
    const portOffset = portOffsetOverride() ?? options.portOffset;
    const args = [CLI, 'start', '--data-dir', dataDir, '--port-offset', String(portOffset), '--log-level', 'warn'];
    if (options.batchTimeoutMs !== undefined) args.push('--batch-timeout', String(options.batchTimeoutMs));
    args.push(...(options.extraArgs ?? []));
    const child = await ReadyChild.start({
      name: 'the embedded network',
      args,
      readyReport: (line) => ((line as Partial<ReadyReport> | null)?.event === 'ready' ? (line as ReadyReport) : undefined),
      readyTimeoutMs: timeoutMs,
      logChunks: 200,
    });
    return new NetworkProcess(child, child.ready, { ...options, dataDir });
  }

  /** The running real network described by FABRIC_NETWORK_DIR; portOffset and batchTimeoutMs are the network's own. */
  private static async attachToFabric(options: NetworkProcessOptions & { dataDir: string }): Promise<NetworkProcess> {
    const network = readFabricNetwork();
    await copyFabricOrganizations(options.dataDir);
    const ready: ReadyReport = {
      event: 'ready',
      dataDir: options.dataDir,
      channel: network.channel,
      chaincode: network.chaincode.name,
      startupMs: 0,
      peers: network.peers.map((peer) => ({
        mspId: peer.mspId,
        domain: peer.domain,
        endpoint: peer.clientEndpoint,
        peerPort: peer.peerPort,
        operationsPort: peer.operationsPort,
      })),
    };
    return new NetworkProcess(undefined, ready, options);
  }

  /** Simulates a crash: no shutdown hooks run. */
  async kill(): Promise<void> {
    if (!this.process) throw new Error('SIGKILL of the network needs the embedded target (FABRIC_TARGET=fabric runs real Fabric)');
    await this.process.kill();
  }

  async stop(): Promise<void> {
    await this.process?.stop(10_000);
  }
}
