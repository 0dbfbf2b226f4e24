import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayPool } from './gateway-pool';
import type { ItemSource } from './item-source';
import { runTransaction } from './tx-runner';
import type { TxSample } from './work-item';

/** The samples of one load phase and its measurement window (performance.now() ms). */
export interface PhaseRun {
  readonly samples: readonly TxSample[];
  readonly windowStartMs: number;
  readonly windowEndMs: number;
}

export interface ClosedLoopOptions {
  readonly concurrency: number;
  /** Load before the window opens (not measured): fills the pipeline to steady state. */
  readonly rampMs: number;
  readonly durationMs: number;
}

/**
 * Closed loop: `concurrency` clients each submit a transaction, wait for its commit status, and
 * submit the next, until the window closes. Finds the highest sustainable committed throughput.
 */
export async function closedLoop(pool: GatewayPool, source: ItemSource, options: ClosedLoopOptions): Promise<PhaseRun> {
  const samples: TxSample[] = [];
  const windowStartMs = performance.now() + options.rampMs;
  const windowEndMs = windowStartMs + options.durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < windowEndMs) {
      samples.push(await runTransaction(pool, await source.next()));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return { samples, windowStartMs, windowEndMs };
}

export interface OpenLoopOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
}

/**
 * Open loop: transactions are due at a fixed rate whatever the network does, and each one's
 * latency counts from when it was due, so falling behind shows up in the latency (no coordinated
 * omission).
 */
export async function openLoop(pool: GatewayPool, source: ItemSource, options: OpenLoopOptions): Promise<PhaseRun & { readonly maxLagMs: number }> {
  const samples: TxSample[] = [];
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1000 / options.ratePerSecond;
  const total = Math.floor((options.durationMs / 1000) * options.ratePerSecond);
  const windowStartMs = performance.now() + 20;
  let maxLagMs = 0;
  for (let index = 0; index < total; index++) {
    const dueMs = windowStartMs + index * intervalMs;
    const waitMs = dueMs - performance.now();
    if (waitMs >= 1) await sleep(waitMs);
    maxLagMs = Math.max(maxLagMs, performance.now() - dueMs);
    const item = await source.next();
    const running = runTransaction(pool, item, dueMs).then((sample) => {
      samples.push(sample);
      inFlight.delete(running);
    });
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  return { samples, windowStartMs, windowEndMs: windowStartMs + total * intervalMs, maxLagMs };
}
