import type { PhaseSummary, TimelinePoint } from './stats';
import type { ProfileSummary } from './profile-summary';
import type { ResourceUse } from './resource-usage';
import { textTable } from './text-table';
import { TX_KINDS } from './work-item';

export const TARGET_TX_PER_S = 1000;
export const TARGET_P99_MS = 250;

export interface PhaseResult extends PhaseSummary {
  readonly label: string;
  readonly resources: ResourceUse;
  readonly presigned: number;
  readonly signedOnTheSpot: number;
  /** The measured window on the monotonic clock (µs), as V8 CPU profiles stamp their samples. */
  readonly monotonicWindowUs: { readonly fromUs: number; readonly toUs: number };
  /** Per second of the window (JSON only). */
  readonly timeline: readonly TimelinePoint[];
}

export interface BenchResults {
  readonly startedAt: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[] };
  readonly config: {
    readonly target: 'embedded' | 'fabric';
    readonly targetLabel: string;
    /** Processes of the target by role. */
    readonly processes: Readonly<Record<string, number>>;
    readonly portOffset: number;
    readonly batchTimeoutMs: number;
    readonly maxMessageCount: number;
    readonly concurrency: number;
    readonly connectionsPerOrg: number;
    readonly rampS: number;
    readonly closedDurationS: number;
    readonly openDurationS: number;
    readonly mix: Readonly<Record<string, string>>;
  };
  readonly setup: { readonly transactions: number; readonly seconds: number; readonly vehicles: number; readonly riders: number; readonly lots: number };
  readonly calibrationTxPerS: number;
  readonly closedLoop: PhaseResult;
  readonly openLoop: PhaseResult & { readonly ratePerS: number; readonly maxSchedulerLagMs: number };
  readonly targets: {
    readonly throughputTxPerS: number;
    readonly throughputRatio: number;
    readonly p99Ms: number;
    readonly openLoopP99Ratio: number;
    readonly openLoopRatePerS: number;
  };
  readonly profiles?: readonly ProfileSummary[];
}

/** The human-readable report: the headline table first, then where the time goes. */
export function formatReport(results: BenchResults): string {
  const { closedLoop: closed, openLoop: open, targets, config } = results;
  const out: string[] = [];
  out.push(`Mobility Ledger bench: ${config.targetLabel}, mixed workload through @hyperledger/fabric-gateway`);
  out.push(
    `machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), node ${results.machine.node}, load average before ${results.machine.loadAverageBefore.map((value) => value.toFixed(2)).join(' ')}`,
  );
  out.push(
    `network: ${Object.entries(config.processes).map(([role, count]) => `${count} ${role}`).join(', ')} processes; batch timeout ${config.batchTimeoutMs} ms, max ${config.maxMessageCount} tx/block; client: ${config.connectionsPerOrg} gateway connections per org (3 orgs)`,
  );
  out.push(`mix: ${Object.entries(config.mix).map(([kind, share]) => `${kind} ${share}`).join(', ')}`);
  out.push(`setup: ${results.setup.transactions} transactions in ${results.setup.seconds} s (${results.setup.vehicles} paired vehicles, ${results.setup.riders} riders, ${results.setup.lots} lots); calibration ${results.calibrationTxPerS} tx/s`);
  out.push('');
  out.push(
    textTable(
      ['phase', 'committed tx/s', 'VALID', 'invalid', 'errors', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [closed, open].map((phase) => [
        phase.label,
        phase.committedTxPerS,
        phase.committedValid,
        phase.committedInvalid,
        phase.errors,
        phase.latencyMs.p50,
        phase.latencyMs.p90,
        phase.latencyMs.p99,
        phase.latencyMs.max,
      ]),
    ),
  );
  out.push('');
  out.push(
    textTable(
      ['target', 'goal', 'measured', 'ratio', 'met'],
      [
        ['committed tx/s (closed loop)', `>= ${targets.throughputTxPerS}`, closed.committedTxPerS, targets.throughputRatio, targets.throughputRatio >= 1 ? 'yes' : 'no'],
        [`p99 ms (open loop, ${targets.openLoopRatePerS} tx/s)`, `< ${targets.p99Ms}`, open.latencyMs.p99, targets.openLoopP99Ratio, targets.openLoopP99Ratio < 1 ? 'yes' : 'no'],
      ],
    ),
  );
  out.push('');
  out.push('where the latency goes (VALID transactions; gateway calls Endorse, Submit, CommitStatus):');
  out.push(
    textTable(
      ['phase', 'endorse p50', 'endorse p99', 'submit p50', 'submit p99', 'commit p50', 'commit p99'],
      [closed, open].map((phase) => [
        phase.label,
        phase.stepsMs.endorse.p50,
        phase.stepsMs.endorse.p99,
        phase.stepsMs.submit.p50,
        phase.stepsMs.submit.p99,
        phase.stepsMs.commitStatus.p50,
        phase.stepsMs.commitStatus.p99,
      ]),
    ),
  );
  out.push('');
  out.push('per transaction kind (closed loop | open loop):');
  out.push(
    textTable(
      ['kind', 'VALID', 'invalid', 'errors', 'p50 ms', 'p99 ms', 'VALID', 'p50 ms', 'p99 ms'],
      TX_KINDS.map((kind) => {
        const c = closed.byKind[kind];
        const o = open.byKind[kind];
        return [kind, c.valid, c.invalid, c.errors, c.latencyP50Ms, c.latencyP99Ms, o.valid, o.latencyP50Ms, o.latencyP99Ms];
      }),
    ),
  );
  out.push('');
  out.push('where the CPU goes (per VALID transaction, and cores kept busy, over each window):');
  out.push(
    textTable(
      ['phase', 'client ms', 'network ms', 'chaincode ms', 'total ms', 'cores busy', 'shim req/tx', 'blocks', 'tx/block', 'block commit ms'],
      [closed, open].map((phase) => [
        phase.label,
        phase.resources.cpuMsPerValidTx.client,
        phase.resources.cpuMsPerValidTx.network,
        phase.resources.cpuMsPerValidTx.chaincode,
        phase.resources.cpuMsPerValidTx.total,
        phase.resources.coresBusy.total,
        phase.resources.shimRequestsPerValidTx,
        phase.resources.blocks,
        phase.resources.txPerBlock,
        phase.resources.blockProcessingMsAvg,
      ]),
    ),
  );
  if (config.target === 'fabric') {
    out.push('network and chaincode CPU per VALID transaction by process (closed loop):');
    out.push(`  ${Object.entries(closed.resources.cpuMsPerValidTxByProcess).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
  }
  out.push('  (shim req/tx: the chaincode\'s ledger requests (GET_STATE, PUT_STATE, ...) over all endorsements, chaincode_shim_requests_completed;');
  out.push('   block commit ms: validation and commit of a block, gossip_state_commit_duration; both from the peers\' /metrics)');
  const problems = [closed, open].flatMap((phase) => [
    ...Object.entries(phase.resources.ledgerInvalidByCode).map(([code, count]) => `${phase.label}: the ledger counted ${count} × ${code} in the window`),
    ...(phase.unexpectedResults > 0 ? [`${phase.label}: ${phase.unexpectedResults} VALID transactions returned an unexpected result`] : []),
    ...(phase.signedOnTheSpot > 0 ? [`${phase.label}: pre-signed requests ran out; ${phase.signedOnTheSpot} were signed during the run (client CPU)`] : []),
    ...Object.entries(phase.outcomes).filter(([outcome]) => outcome !== 'VALID').map(([outcome, count]) => `${phase.label}: ${count} × ${outcome}`),
    ...phase.firstErrors.map((message) => `${phase.label}: ${message}`),
  ]);
  if (problems.length > 0) {
    out.push('');
    out.push('notes:');
    out.push(...problems.map((problem) => `  ${problem}`));
  }
  for (const profile of results.profiles ?? []) {
    out.push('');
    out.push(`CPU profile ${profile.file}, closed-loop window: ${profile.busyMs} ms busy, ${profile.idleMs} ms idle`);
    out.push(textTable(['self time by area', 'ms', '%'], profile.byArea.slice(0, 12).map((line) => [line.name, line.ms, line.percent])));
    out.push(textTable(['time by our innermost function on the stack', 'ms', '%'], profile.byOwnFunction.slice(0, 12).map((line) => [line.name, line.ms, line.percent])));
  }
  return out.join('\n');
}
