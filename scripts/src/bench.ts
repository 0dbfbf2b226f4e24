#!/usr/bin/env node
/**
 * `npm run bench`: drives the mixed workload (pairing, ride-share, VIN audit, device registration)
 * through the real gateway client against the embedded network in a child process, and prints
 * committed tx/s and p50/p99 submit-to-commit latency, closed loop then open loop at half the rate.
 *
 * With FABRIC_TARGET=fabric it drives a running real Fabric network instead (started with
 * network/fabric/generate.sh, up.sh and deploy.sh; FABRIC_NETWORK_DIR names its run directory), so
 * both can be measured with the same client and chaincode; see bench-target-selection.ts.
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setNonceTag } from './bench-device';
import type { BenchTarget } from './bench-target';
import { selectBenchTarget, startBenchTarget } from './bench-target-selection';
import { TARGET_P99_MS, TARGET_TX_PER_S, formatReport, type BenchResults, type PhaseResult } from './bench-report';
import { GatewayPool } from './gateway-pool';
import { ItemSource } from './item-source';
import { closedLoop, openLoop, type PhaseRun } from './load-drivers';
import { summarizeProfile, type ProfileSummary } from './profile-summary';
import { resourceUse, snapshot, type ResourceSnapshot } from './resource-usage';
import { round, summarize, timeline } from './stats';
import { MIX_PATTERN, VEHICLES_PER_RECORDING, WorkloadMix } from './workload-mix';
import { setUpWorld } from './workload-setup';
import { isValid } from './work-item';
import { randomBytes } from 'node:crypto';

/**
 * Fabric's default batch timeout is 2 s: whenever blocks are cut by time rather than by size (500
 * tx), that alone puts p99 latency near 2 s. The latency budget is p99 < 250 ms: a cut at most
 * 100 ms after a transaction arrives leaves ~150 ms for endorsement and validation/commit, and at
 * the 1,000 tx/s target a 100 ms block holds ~100 tx, well under the 500-tx size limit. Shorter
 * timeouts make smaller blocks, and each block has a fixed commit cost (measured: 50 ms gave
 * 3.5 tx/block and ~25% lower throughput than 100 ms; 200 ms broke the latency budget).
 */
const DEFAULT_BATCH_TIMEOUT_MS = 100;
/** Block size of both targets: consortium.ts batch.maxMessageCount, Fabric's default BatchSize.MaxMessageCount. */
const MAX_MESSAGE_COUNT = 500;

interface Options {
  portOffset: number;
  batchTimeout: number;
  concurrency: number;
  connections: number;
  warmup: number;
  ramp: number;
  duration: number;
  openDuration: number;
  openRate?: number;
  vehicles: number;
  riders: number;
  lots: number;
  output: string;
  cpuProf?: string;
  keepData: boolean;
}

function positive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive number');
  return parsed;
}

const program = new Command()
  .name('bench')
  .description('Mixed-workload benchmark of the embedded network (or a real Fabric network) through @hyperledger/fabric-gateway')
  .option('--port-offset <n>', 'port offset of the benchmark network (ports = Fabric defaults + offset)', positive, 10400)
  .option('--batch-timeout <ms>', 'orderer batch timeout', positive, DEFAULT_BATCH_TIMEOUT_MS)
  .option('--concurrency <n>', 'closed loop: transactions in flight (more only queues in front of the committer)', positive, 24)
  .option('--connections <n>', 'gateway connections per org', positive, 2)
  .option('--warmup <s>', 'warm-up and calibration (closed loop, not reported)', positive, 6)
  .option('--ramp <s>', 'closed loop: load before the measured window', positive, 2)
  .option('--duration <s>', 'closed loop: measured window', positive, 20)
  .option('--open-duration <s>', 'open loop: measured window', positive, 15)
  .option('--open-rate <tx/s>', 'open loop rate (default: half the closed-loop throughput)', positive)
  .option('--vehicles <n>', 'pre-paired vehicles for VerifyMessage', positive, 8)
  .option('--riders <n>', 'riders with accepted terms for RequestRide', positive, 16)
  .option('--lots <n>', 'lots for RecordVehicles', positive, 4)
  .option('--output <file>', 'JSON results', 'bench-results.json')
  .option('--cpu-prof <dir>', 'write V8 CPU profiles of the network and chaincode processes to <dir> and summarise them')
  .option('--keep-data', 'keep the network data directory', false)
  .addHelpText(
    'after',
    `
Targets:
  default              starts the embedded network (network/dist) in a child process
  FABRIC_TARGET=fabric drives the running real Fabric network of FABRIC_NETWORK_DIR (default
                       FABRIC_RUN_DIR, else <repo>/.fabric), started with network/fabric/generate.sh
                       (--port-offset, --batch-timeout), up.sh and deploy.sh; CPU is then read from
                       the peer, orderer and chaincode server processes of its pids/ files.
                       --port-offset, --batch-timeout and --cpu-prof are refused there.`,
  );

async function main(options: Options, given: readonly string[]): Promise<void> {
  const kind = selectBenchTarget(process.env, given);
  const startedAtMs = Date.now();
  const tag = randomBytes(3).toString('hex');
  setNonceTag(tag);
  const loadAverageBefore = os.loadavg();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-bench-'));
  const cpuProfileDir = options.cpuProf ? path.resolve(options.cpuProf) : undefined;
  if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
  if (kind === 'embedded') log(`starting the embedded network (port offset ${options.portOffset}, batch timeout ${options.batchTimeout} ms) in ${dataDir}`);
  const network = await startBenchTarget(kind, { portOffset: options.portOffset, batchTimeoutMs: options.batchTimeout, dataDir, ...(cpuProfileDir ? { cpuProfileDir } : {}) }).catch(
    (error: unknown) => {
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    },
  );
  const target = network.description;
  if (kind === 'fabric') log(`attached to the ${target.label}: ${processSummary(target.processes)}, batch timeout ${target.batchTimeoutMs} ms`);
  let pool: GatewayPool | undefined;
  try {
    pool = await GatewayPool.open(network.ready.dataDir, network.ready.peers, options.connections);
    log(`setting up: ${options.vehicles} pre-paired vehicles, ${options.riders} riders, ${options.lots} lots`);
    const setup = await setUpWorld(pool, { vehicles: options.vehicles, riders: options.riders, lots: options.lots }, tag);
    const mix = new WorkloadMix(setup.world);

    // Warm-up: JIT, connections, caches; its rate sizes the pre-signed pools of the measured phases.
    const warmupItems = await presign(mix, Math.max(1_000, options.concurrency * 10));
    const warmup = await closedLoop(pool, new ItemSource(warmupItems, mix), { concurrency: options.concurrency, rampMs: (options.warmup * 1000) / 2, durationMs: (options.warmup * 1000) / 2 });
    const calibration = summarize(warmup, 'closed').committedTxPerS;
    log(`warm-up: ${calibration} committed tx/s`);

    const closedItems = await presign(mix, Math.ceil(Math.max(calibration, 50) * (options.duration + options.ramp) * 1.5) + options.concurrency * 2);
    await settle();
    log(`closed loop: ${options.concurrency} in flight, ${options.ramp} s ramp + ${options.duration} s measured`);
    const closedSource = new ItemSource(closedItems, mix);
    const closed = await measured(network, options.ramp, options.duration, () =>
      closedLoop(pool as GatewayPool, closedSource, { concurrency: options.concurrency, rampMs: options.ramp * 1000, durationMs: options.duration * 1000 }),
    );
    const closedSummary = summarize(closed.run, 'closed');
    const closedResult: PhaseResult = {
      label: `closed loop, ${options.concurrency} in flight`,
      ...closedSummary,
      resources: resourceUse(closed.before, closed.after),
      presigned: closedItems.length,
      signedOnTheSpot: closedSource.onTheSpot,
      monotonicWindowUs: closed.monotonicWindowUs,
      timeline: timeline(closed.run),
    };
    log(`closed loop: ${closedSummary.committedTxPerS} committed tx/s, p50 ${closedSummary.latencyMs.p50} ms, p99 ${closedSummary.latencyMs.p99} ms`);

    const rate = round(options.openRate ?? Math.max(1, closedSummary.committedTxPerS / 2));
    const openItems = await presign(mix, Math.ceil(rate * options.openDuration) + 10);
    await settle();
    log(`open loop: ${rate} tx/s for ${options.openDuration} s`);
    const openSource = new ItemSource(openItems, mix);
    let maxLagMs = 0;
    const open = await measured(network, 0, options.openDuration, async () => {
      const run = await openLoop(pool as GatewayPool, openSource, { ratePerSecond: rate, durationMs: options.openDuration * 1000 });
      maxLagMs = run.maxLagMs;
      return run;
    });
    const openSummary = summarize(open.run, 'open');
    const openResult = {
      label: `open loop, ${rate} tx/s`,
      ...openSummary,
      resources: resourceUse(open.before, open.after),
      presigned: openItems.length,
      signedOnTheSpot: openSource.onTheSpot,
      monotonicWindowUs: open.monotonicWindowUs,
      timeline: timeline(open.run),
      ratePerS: rate,
      maxSchedulerLagMs: round(maxLagMs),
    };
    log(`open loop: p50 ${openSummary.latencyMs.p50} ms, p99 ${openSummary.latencyMs.p99} ms`);

    pool.close();
    pool = undefined;
    await network.stop();
    const profiles = cpuProfileDir ? summarizeProfiles(cpuProfileDir, closed.monotonicWindowUs, startedAtMs) : undefined;

    const results: BenchResults = {
      startedAt: new Date(startedAtMs).toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg() },
      config: {
        target: target.kind,
        targetLabel: target.label,
        processes: target.processes,
        portOffset: target.portOffset,
        batchTimeoutMs: target.batchTimeoutMs,
        maxMessageCount: MAX_MESSAGE_COUNT,
        concurrency: options.concurrency,
        connectionsPerOrg: options.connections,
        rampS: options.ramp,
        closedDurationS: options.duration,
        openDurationS: options.openDuration,
        mix: mixShares(),
      },
      setup: { transactions: setup.transactions, seconds: round(setup.ms / 1000), vehicles: options.vehicles, riders: options.riders, lots: options.lots },
      calibrationTxPerS: calibration,
      closedLoop: closedResult,
      openLoop: openResult,
      targets: {
        throughputTxPerS: TARGET_TX_PER_S,
        throughputRatio: round(closedSummary.committedTxPerS / TARGET_TX_PER_S, 3),
        p99Ms: TARGET_P99_MS,
        openLoopP99Ratio: round(openSummary.latencyMs.p99 / TARGET_P99_MS, 3),
        openLoopRatePerS: rate,
      },
      ...(profiles ? { profiles } : {}),
    };
    writeFileSync(options.output, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\n${formatReport(results)}\n\nresults written to ${path.resolve(options.output)}\n`);
    if (warmup.samples.filter(isValid).length === 0) process.exitCode = 1;
  } finally {
    pool?.close();
    await network.stop();
    if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs a phase, with resource snapshots when its measured window opens and closes. */
async function measured(
  network: BenchTarget,
  rampS: number,
  durationS: number,
  phase: () => Promise<PhaseRun>,
): Promise<{ run: PhaseRun; before: ResourceSnapshot; after: ResourceSnapshot; monotonicWindowUs: { fromUs: number; toUs: number } }> {
  const running = phase();
  await sleep(rampS * 1000);
  const fromUs = monotonicUs();
  const before = await snapshot(network);
  await sleep(durationS * 1000);
  const toUs = monotonicUs();
  const after = await snapshot(network);
  return { run: await running, before, after, monotonicWindowUs: { fromUs, toUs } };
}

async function presign(mix: WorkloadMix, count: number): Promise<Awaited<ReturnType<WorkloadMix['presign']>>> {
  const started = performance.now();
  const items = await mix.presign(count);
  log(`pre-signed ${count} device requests in ${round((performance.now() - started) / 1000)} s`);
  return items;
}

/** Lets the last commits of the previous phase land before the next one starts. */
async function settle(): Promise<void> {
  await sleep(500);
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function mixShares(): Record<string, string> {
  const shares: Record<string, string> = {};
  for (const kind of MIX_PATTERN) shares[kind] = `${(MIX_PATTERN.filter((candidate) => candidate === kind).length * 100) / MIX_PATTERN.length}%`;
  shares['vinaudit.lots:RecordVehicles'] += ` (${VEHICLES_PER_RECORDING} VINs each)`;
  return shares;
}

function summarizeProfiles(dir: string, window: { fromUs: number; toUs: number }, since: number): ProfileSummary[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile') && statSync(path.join(dir, file)).mtimeMs >= since)
    .map((file) => summarizeProfile(path.join(dir, file), window))
    .filter((summary) => summary.busyMs > 0);
}

function processSummary(processes: Readonly<Record<string, number>>): string {
  return Object.entries(processes).map(([role, count]) => `${count} ${role}`).join(', ');
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

program.parse(process.argv);
const given = Object.keys(program.opts()).filter((key) => program.getOptionValueSource(key) === 'cli');
main(program.opts<Options>(), given).catch((error: unknown) => {
  // Configuration errors say what to do; a stack trace would only hide that.
  const configuration = ['BenchOptionError', 'TargetConfigurationError', 'FabricTargetError'].includes((error as Error).name);
  process.stderr.write(`${configuration ? `bench: ${(error as Error).message}` : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
