/** Latency samples of one kind of operation, and what the benchmark prints about them. */
export interface LatencySummary {
  readonly count: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

/** The nearest-rank percentile (p in 0..100) of ascending samples; NaN without samples. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(samplesMs: readonly number[], errors: number, elapsedMs: number): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    errors,
    perSecond: elapsedMs > 0 ? (sorted.length * 1000) / elapsedMs : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length ? total / sorted.length : Number.NaN,
  };
}

/** Collects samples per operation name while workers run. */
export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly failures = new Map<string, number>();
  readonly errorMessages: string[] = [];

  async time<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    try {
      const value = await run();
      const list = this.samples.get(operation) ?? [];
      list.push(performance.now() - started);
      this.samples.set(operation, list);
      return value;
    } catch (error) {
      this.failures.set(operation, (this.failures.get(operation) ?? 0) + 1);
      if (this.errorMessages.length < 5) this.errorMessages.push(`${operation}: ${(error as Error).message}`);
      return undefined;
    }
  }

  operations(): string[] {
    return [...new Set([...this.samples.keys(), ...this.failures.keys()])].sort();
  }

  summary(operation: string | undefined, elapsedMs: number): LatencySummary {
    const names = operation ? [operation] : this.operations();
    const samples = names.flatMap((name) => this.samples.get(name) ?? []);
    const errors = names.reduce((sum, name) => sum + (this.failures.get(name) ?? 0), 0);
    return summarize(samples, errors, elapsedMs);
  }
}
