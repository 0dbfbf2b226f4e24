import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NetworkProcess } from '../../test/dist/support/network-process';

export interface BenchNetworkOptions {
  readonly portOffset: number;
  readonly batchTimeoutMs: number;
  readonly dataDir: string;
  /** Directory for V8 CPU profiles of the network and chaincode processes. */
  readonly cpuProfileDir?: string;
}

/** The embedded network as a child process (the test suite's launcher), plus what the bench reads from it. */
export class BenchNetwork {
  private constructor(readonly process: NetworkProcess) {}

  static async start(options: BenchNetworkOptions): Promise<BenchNetwork> {
    const previous = process.env.NODE_OPTIONS;
    if (options.cpuProfileDir) {
      // --cpu-prof is not allowed in NODE_OPTIONS, so a preload starts the profiler instead; the
      // chaincode process inherits the network's environment, so both are profiled.
      const preload = writeProfilerPreload(options.cpuProfileDir);
      process.env.NODE_OPTIONS = [previous, `--require=${preload}`].filter(Boolean).join(' ');
    }
    try {
      return new BenchNetwork(await NetworkProcess.start({ portOffset: options.portOffset, batchTimeoutMs: options.batchTimeoutMs, dataDir: options.dataDir }, 120_000));
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
    const port = this.ready.peers[0]?.operationsPort;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const values = parsePrometheus(text);
    const sum = (prefix: string): number => [...values].filter(([key]) => key.startsWith(prefix)).reduce((total, [, value]) => total + value, 0);
    return {
      height: sum('ledger_blockchain_height{'),
      validTx: sum('ledger_transaction_count{channel="mobility",validation_code="VALID"}'),
      invalidTx: sum('ledger_transaction_count{channel="mobility",validation_code="INVALID"}'),
      blockProcessingS: sum('ledger_block_processing_time_sum{'),
      blocksProcessed: sum('ledger_block_processing_time_count{'),
    };
  }

  /** CPU time so far of the network process and of its children (the chaincode), in ms. */
  cpu(): { networkMs: number; chaincodeMs: number } {
    return { networkMs: processCpuMs(this.pid), chaincodeMs: childPids(this.pid).reduce((total, pid) => total + processCpuMs(pid), 0) };
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }
}

export interface LedgerMetrics {
  readonly height: number;
  readonly validTx: number;
  readonly invalidTx: number;
  readonly blockProcessingS: number;
  readonly blocksProcessed: number;
}

function parsePrometheus(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

/** utime + stime of a process from /proc, in ms; 0 where /proc is not available. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function childPids(parent: number): number[] {
  const children: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return children;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
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
