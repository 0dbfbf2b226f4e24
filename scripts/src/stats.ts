import { percentile } from '@mobility-ledger/gateway/dist/bench/stats';
import type { PhaseRun } from './load-drivers';
import { TX_KINDS, isValid, type TxKind, type TxSample } from './work-item';

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of an ascending list (p in 0..100): the gateway benchmark's, one definition. */
export { percentile };

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(sorted.length ? sum / sorted.length : Number.NaN),
  };
}

export interface KindSummary {
  readonly valid: number;
  readonly invalid: number;
  readonly errors: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
}

export interface PhaseSummary {
  readonly mode: 'closed' | 'open';
  readonly durationS: number;
  /** Transactions started (closed) or due (open) inside the window. */
  readonly started: number;
  readonly committedValid: number;
  readonly committedInvalid: number;
  readonly errors: number;
  readonly unexpectedResults: number;
  /** VALID commits per second inside the window. */
  readonly committedTxPerS: number;
  /** Submit-to-commit latency of the VALID ones (open loop: from when each was due). */
  readonly latencyMs: Percentiles;
  /** Where the latency goes, per gateway call. */
  readonly stepsMs: { readonly endorse: Percentiles; readonly submit: Percentiles; readonly commitStatus: Percentiles };
  readonly byKind: Readonly<Record<TxKind, KindSummary>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly firstErrors: readonly string[];
}

/**
 * Closed loop: throughput counts VALID commits that landed inside the window; latency covers the
 * transactions started inside it. Open loop: both cover the transactions due inside the window.
 */
export function summarize(run: PhaseRun, mode: 'closed' | 'open'): PhaseSummary {
  const { windowStartMs: from, windowEndMs: to } = run;
  const inWindow = run.samples.filter((sample) => sample.scheduledMs >= from && sample.scheduledMs < to);
  const committedInWindow =
    mode === 'closed' ? run.samples.filter((sample) => isValid(sample) && sample.doneMs >= from && sample.doneMs < to) : inWindow.filter(isValid);
  const valid = inWindow.filter(isValid);
  const committed = inWindow.filter((sample) => sample.submittedMs !== undefined && !sample.outcome.endsWith('-error'));
  const outcomes: Record<string, number> = {};
  for (const sample of inWindow) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
  const byKind = {} as Record<TxKind, KindSummary>;
  for (const kind of TX_KINDS) {
    const ofKind = inWindow.filter((sample) => sample.kind === kind);
    const latencies = percentiles(ofKind.filter(isValid).map(latency));
    byKind[kind] = {
      valid: ofKind.filter(isValid).length,
      invalid: ofKind.filter((sample) => !isValid(sample) && !sample.outcome.endsWith('-error')).length,
      errors: ofKind.filter((sample) => sample.outcome.endsWith('-error')).length,
      latencyP50Ms: latencies.p50,
      latencyP99Ms: latencies.p99,
    };
  }
  const durationS = (to - from) / 1000;
  return {
    mode,
    durationS: round(durationS),
    started: inWindow.length,
    committedValid: valid.length,
    committedInvalid: committed.length - valid.length,
    errors: inWindow.length - committed.length,
    unexpectedResults: valid.filter((sample) => !sample.resultOk).length,
    committedTxPerS: round(committedInWindow.length / durationS),
    latencyMs: percentiles(valid.map(latency)),
    stepsMs: {
      endorse: percentiles(valid.map((sample) => (sample.endorsedMs ?? sample.startMs) - sample.startMs)),
      submit: percentiles(valid.map((sample) => (sample.submittedMs ?? sample.startMs) - (sample.endorsedMs ?? sample.startMs))),
      commitStatus: percentiles(valid.map((sample) => sample.doneMs - (sample.submittedMs ?? sample.startMs))),
    },
    byKind,
    outcomes,
    firstErrors: [...new Set(inWindow.filter((sample) => sample.message).map((sample) => `${sample.kind}: ${sample.message}`))].slice(0, 5),
  };
}

function latency(sample: TxSample): number {
  return sample.doneMs - sample.scheduledMs;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface TimelinePoint {
  /** Seconds since the window opened. */
  readonly second: number;
  /** Transactions started (closed) or due (open) in this second. */
  readonly started: number;
  /** VALID commits that landed in this second. */
  readonly committed: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
}

/** Per-second view of a window: shows stalls (a second with few commits and a high p99). */
export function timeline(run: PhaseRun): TimelinePoint[] {
  const seconds = Math.ceil((run.windowEndMs - run.windowStartMs) / 1000);
  return Array.from({ length: seconds }, (_, second) => {
    const from = run.windowStartMs + second * 1000;
    const to = Math.min(from + 1000, run.windowEndMs);
    const started = run.samples.filter((sample) => sample.scheduledMs >= from && sample.scheduledMs < to);
    const latencies = percentiles(started.filter(isValid).map(latency));
    return {
      second,
      started: started.length,
      committed: run.samples.filter((sample) => isValid(sample) && sample.doneMs >= from && sample.doneMs < to).length,
      latencyP50Ms: latencies.p50,
      latencyP99Ms: latencies.p99,
    };
  });
}
