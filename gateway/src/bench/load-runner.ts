import { OPERATIONS, type BenchTarget, type SimDevice } from './bench-targets';
import { cpuDelta, cpuSum, type CpuMeter, type CpuTotals } from './cpu-meter';
import { LatencyRecorder } from './stats';

export interface PhaseResult {
  readonly target: string;
  readonly elapsedMs: number;
  readonly recorder: LatencyRecorder;
  /** CPU the processes used while this target ran (with a CpuMeter). */
  readonly cpu?: CpuTotals;
}

/**
 * Closed-loop load: one worker per simulated device, each running the operation mix (one write,
 * three reads) back to back until the time is up. Only the call itself is timed.
 */
export async function runPhase(target: BenchTarget, devices: readonly SimDevice[], durationMs: number, recorder = new LatencyRecorder()): Promise<PhaseResult> {
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    devices.map(async (device) => {
      while (performance.now() < deadline) {
        for (const operation of OPERATIONS) {
          if (performance.now() >= deadline) break;
          const call = await target.prepare(operation, device).catch(() => undefined);
          if (call) await recorder.time(call.operation, () => call.run());
        }
      }
    }),
  );
  return { target: target.name, elapsedMs: performance.now() - started, recorder };
}

/**
 * Alternates the targets in short rounds, so drift on a shared machine (other load, a growing
 * ledger) affects both alike; each target's samples and time add up over its rounds.
 */
export async function runInterleaved(targets: readonly BenchTarget[], devices: readonly SimDevice[], durationMs: number, rounds: number, meter?: CpuMeter): Promise<PhaseResult[]> {
  const results: { target: string; elapsedMs: number; recorder: LatencyRecorder; cpu?: CpuTotals }[] = targets.map((target) => ({ target: target.name, elapsedMs: 0, recorder: new LatencyRecorder() }));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, target] of targets.entries()) {
      const result = results[index];
      if (!result) continue;
      const before = meter?.snapshot();
      const phase = await runPhase(target, devices, durationMs / rounds, result.recorder);
      result.elapsedMs += phase.elapsedMs;
      if (meter && before) {
        const used = cpuDelta(meter.snapshot(), before);
        result.cpu = result.cpu ? cpuSum(result.cpu, used) : used;
      }
    }
  }
  return results;
}
