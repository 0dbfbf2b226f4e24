import { OPERATIONS } from './bench-targets';
import type { PhaseResult } from './load-runner';
import type { LatencySummary } from './stats';

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '–');
const ratio = (http: number, direct: number): string => (Number.isFinite(http) && Number.isFinite(direct) && direct > 0 ? `${(http / direct).toFixed(2)}×` : '–');

function row(label: string, summary: LatencySummary): string {
  return `  ${label.padEnd(34)}${String(summary.count).padStart(7)}${String(summary.errors).padStart(7)}${summary.perSecond.toFixed(1).padStart(9)}${ms(summary.p50Ms).padStart(9)}${ms(summary.p99Ms).padStart(9)}`;
}

/** The figures of both phases and the HTTP gateway's overhead over direct fabric-gateway calls. */
export function benchReport(http: PhaseResult, direct: PhaseResult): string {
  const lines: string[] = [];
  for (const phase of [http, direct]) {
    lines.push(`\n${phase.target}: ${(phase.elapsedMs / 1000).toFixed(1)} s`);
    lines.push(`  ${'operation'.padEnd(34)}${'count'.padStart(7)}${'errors'.padStart(7)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
    for (const operation of OPERATIONS) lines.push(row(operation, phase.recorder.summary(operation, phase.elapsedMs)));
    lines.push(row('all', phase.recorder.summary(undefined, phase.elapsedMs)));
    for (const message of phase.recorder.errorMessages) lines.push(`  error: ${message}`);
  }
  lines.push('\nOverhead of the HTTP gateway over direct fabric-gateway calls (HTTP ÷ direct):');
  lines.push(`  ${'operation'.padEnd(34)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'req/s'.padStart(9)}`);
  for (const operation of [...OPERATIONS, undefined]) {
    const a = http.recorder.summary(operation, http.elapsedMs);
    const b = direct.recorder.summary(operation, direct.elapsedMs);
    lines.push(`  ${(operation ?? 'all').padEnd(34)}${ratio(a.p50Ms, b.p50Ms).padStart(9)}${ratio(a.p99Ms, b.p99Ms).padStart(9)}${ratio(a.perSecond, b.perSecond).padStart(9)}`);
  }
  lines.push(...cpuReport(http, direct));
  return lines.join('\n');
}

const perRequest = (cpuMs: number | undefined, requests: number): string => (cpuMs === undefined || requests === 0 ? '–' : (cpuMs / requests).toFixed(2));

/** CPU per request of each process: the gateway's own cost is what HTTP adds over a direct client. */
function cpuReport(http: PhaseResult, direct: PhaseResult): string[] {
  if (!http.cpu || !direct.cpu) return [];
  const lines = ['\nCPU per request, ms (separate processes: load generator, gateway, network; during the direct target the idle gateway still follows the chain for its event log):'];
  lines.push(`  ${'target'.padEnd(34)}${'load gen'.padStart(10)}${'gateway'.padStart(10)}${'network'.padStart(10)}`);
  for (const phase of [http, direct]) {
    const requests = phase.recorder.summary(undefined, phase.elapsedMs).count;
    const cpu = phase.cpu;
    lines.push(`  ${phase.target.padEnd(34)}${perRequest(cpu?.loadMs, requests).padStart(10)}${perRequest(cpu?.gatewayMs, requests).padStart(10)}${perRequest(cpu?.networkMs, requests).padStart(10)}`);
  }
  return lines;
}

/** Machine-readable figures (bench-results style). */
export function benchJson(http: PhaseResult, direct: PhaseResult): Record<string, unknown> {
  const phase = (result: PhaseResult) => ({
    target: result.target,
    elapsedMs: Math.round(result.elapsedMs),
    all: result.recorder.summary(undefined, result.elapsedMs),
    operations: Object.fromEntries(OPERATIONS.map((operation) => [operation, result.recorder.summary(operation, result.elapsedMs)])),
  });
  const all = (result: PhaseResult) => result.recorder.summary(undefined, result.elapsedMs);
  const cpu = (result: PhaseResult) => {
    const requests = all(result).count;
    const each = (value: number | undefined) => (value === undefined || requests === 0 ? null : value / requests);
    return result.cpu ? { loadMsPerRequest: each(result.cpu.loadMs), gatewayMsPerRequest: each(result.cpu.gatewayMs), networkMsPerRequest: each(result.cpu.networkMs) } : null;
  };
  return {
    cpu: { http: cpu(http), direct: cpu(direct) },
    http: phase(http),
    direct: phase(direct),
    overhead: { p50: all(http).p50Ms / all(direct).p50Ms, p99: all(http).p99Ms / all(direct).p99Ms, throughput: all(http).perSecond / all(direct).perSecond },
  };
}
