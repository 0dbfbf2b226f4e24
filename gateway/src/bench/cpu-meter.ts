import { processCpuMs } from '../process/process-cpu';

/** CPU time used, in ms, by the benchmark's three processes (undefined where it cannot be read). */
export interface CpuTotals {
  readonly gatewayMs?: number;
  readonly networkMs?: number;
  /** This process: the simulated devices (and, for the direct target, the fabric-gateway client). */
  readonly loadMs: number;
}

const minus = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);
const plus = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a + b);

export function cpuDelta(after: CpuTotals, before: CpuTotals): CpuTotals {
  const gatewayMs = minus(after.gatewayMs, before.gatewayMs);
  const networkMs = minus(after.networkMs, before.networkMs);
  return { loadMs: after.loadMs - before.loadMs, ...(gatewayMs === undefined ? {} : { gatewayMs }), ...(networkMs === undefined ? {} : { networkMs }) };
}

export function cpuSum(a: CpuTotals, b: CpuTotals): CpuTotals {
  const gatewayMs = plus(a.gatewayMs, b.gatewayMs);
  const networkMs = plus(a.networkMs, b.networkMs);
  return { loadMs: a.loadMs + b.loadMs, ...(gatewayMs === undefined ? {} : { gatewayMs }), ...(networkMs === undefined ? {} : { networkMs }) };
}

/** Reads the CPU time of the gateway and network child processes (/proc) and of this process. */
export class CpuMeter {
  constructor(private readonly pids: { readonly gateway?: number; readonly network?: number }) {}

  snapshot(): CpuTotals {
    const own = process.cpuUsage();
    const gatewayMs = processCpuMs(this.pids.gateway);
    const networkMs = processCpuMs(this.pids.network);
    return { loadMs: (own.user + own.system) / 1000, ...(gatewayMs === undefined ? {} : { gatewayMs }), ...(networkMs === undefined ? {} : { networkMs }) };
  }
}
