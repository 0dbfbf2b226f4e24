import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NetworkProcess } from '../../test/dist/support/network-process';
import type { BenchTarget, TargetCpu, TargetDescription } from './bench-target';
import { fetchLedgerMetrics, type LedgerMetrics } from './ledger-metrics';
import { descendantsOf, readProcessTable } from '@mobility-ledger/gateway/dist/process/process-cpu';

export interface BenchNetworkOptions {
  readonly portOffset: number;
  readonly batchTimeoutMs: number;
  readonly dataDir: string;
  /** Directory for V8 CPU profiles of the network and chaincode processes. */
  readonly cpuProfileDir?: string;
}

/** The embedded network as a child process (the test suite's launcher), plus what the bench reads from it. */
export class BenchNetwork implements BenchTarget {
  private constructor(
    readonly process: NetworkProcess,
    readonly description: TargetDescription,
  ) {}

  static async start(options: BenchNetworkOptions): Promise<BenchNetwork> {
    const previous = process.env.NODE_OPTIONS;
    if (options.cpuProfileDir) {
      // --cpu-prof is not allowed in NODE_OPTIONS, so a preload starts the profiler instead; the
      // chaincode process inherits the network's environment, so both are profiled.
      const preload = writeProfilerPreload(options.cpuProfileDir);
      process.env.NODE_OPTIONS = [previous, `--require=${preload}`].filter(Boolean).join(' ');
    }
    try {
      const started = await NetworkProcess.start({ portOffset: options.portOffset, batchTimeoutMs: options.batchTimeoutMs, dataDir: options.dataDir }, 120_000);
      const chaincodeProcesses = descendantsOf(readProcessTable(), [started.child.pid ?? 0]).length;
      return new BenchNetwork(started, {
        kind: 'embedded',
        label: 'embedded network',
        portOffset: options.portOffset,
        batchTimeoutMs: options.batchTimeoutMs,
        processes: { network: 1, chaincode: chaincodeProcesses },
      });
    } finally {
      if (previous === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = previous;
    }
  }

  get ready(): NetworkProcess['ready'] {
    return this.process.ready;
  }

  get pid(): number {
    return this.process.child.pid ?? 0;
  }

  /** The network's Prometheus metrics (all peers of the process share one registry). */
  async metrics(): Promise<LedgerMetrics> {
    const port = this.ready.peers[0]?.operationsPort ?? 0;
    return fetchLedgerMetrics([port], this.ready.channel);
  }

  /** CPU time so far of the network process and of its descendants (the chaincode), in ms. */
  cpu(): TargetCpu {
    const table = readProcessTable();
    const byProcess: Record<string, number> = { network: table.get(this.pid)?.cpuMs ?? 0 };
    let chaincodeMs = 0;
    for (const pid of descendantsOf(table, [this.pid])) {
      const ms = table.get(pid)?.cpuMs ?? 0;
      byProcess[`chaincode ${pid}`] = ms;
      chaincodeMs += ms;
    }
    return { networkMs: byProcess.network ?? 0, chaincodeMs, byProcess };
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}

/**
 * A preload that profiles the process with the inspector's V8 profiler (1 ms sampling, like
 * --cpu-prof) and writes `<role>.<pid>.cpuprofile` when the process exits. The chaincode server has
 * no SIGTERM handler of its own, so the preload makes such a process exit normally on SIGTERM.
 */
function writeProfilerPreload(dir: string): string {
  const file = path.join(dir, 'profile-preload.cjs');
  const source = `
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');
const role = process.argv.some((arg) => arg.includes('fabric-shim')) ? 'chaincode' : 'network';
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(path.join(${JSON.stringify(dir)}, role + '.' + process.pid + '.cpuprofile'), JSON.stringify(result.profile));
  });
});
process.on('SIGTERM', () => { if (process.listenerCount('SIGTERM') === 1) process.exit(0); });
`;
  writeFileSync(file, source);
  return file;
}
