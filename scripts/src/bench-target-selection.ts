import { fabricNetworkDir, targetKind, type TargetKind } from '../../test/dist/support/fabric-target';
import { BenchNetwork } from './bench-network';
import type { BenchTarget } from './bench-target';
import { FabricBenchNetwork } from './fabric-bench-network';

/**
 * Which network the bench drives, by the test suites' convention (test/src/support/fabric-target.ts):
 * the embedded network it starts itself (default), or with FABRIC_TARGET=fabric the running real
 * Fabric network of FABRIC_NETWORK_DIR (default FABRIC_RUN_DIR, else <repo>/.fabric).
 */

export class BenchOptionError extends Error {
  override name = 'BenchOptionError';
}

/** Options that only shape a network the bench starts itself, by their command-line flag. */
const EMBEDDED_ONLY_FLAGS: Readonly<Record<string, string>> = {
  portOffset: '--port-offset (the real network has the ports it was generated with: generate.sh --port-offset)',
  batchTimeout: '--batch-timeout (the real network has the batch timeout of its genesis block: generate.sh --batch-timeout)',
  cpuProf: '--cpu-prof (it profiles the embedded Node.js processes; profile real Fabric peers through their pprof endpoint instead)',
};

/**
 * The target kind from the environment; refuses options given on the command line that a real
 * network would silently ignore. `given` names the options the user set (commander option keys).
 */
export function selectBenchTarget(env: NodeJS.ProcessEnv, given: readonly string[]): TargetKind {
  const kind = targetKind(env);
  if (kind === 'fabric') {
    const refused = given.flatMap((option) => (EMBEDDED_ONLY_FLAGS[option] ? [EMBEDDED_ONLY_FLAGS[option]] : []));
    if (refused.length > 0) throw new BenchOptionError(`FABRIC_TARGET=fabric: these options apply only to the embedded network: ${refused.join('; ')}`);
  }
  return kind;
}

export interface StartOptions {
  readonly portOffset: number;
  readonly batchTimeoutMs: number;
  readonly dataDir: string;
  readonly cpuProfileDir?: string;
}

/** Starts the embedded network, or attaches to the real one (copying its crypto into dataDir). */
export async function startBenchTarget(kind: TargetKind, options: StartOptions, env: NodeJS.ProcessEnv = process.env): Promise<BenchTarget> {
  if (kind === 'fabric') return FabricBenchNetwork.attach(fabricNetworkDir(env), options.dataDir);
  return BenchNetwork.start(options);
}
