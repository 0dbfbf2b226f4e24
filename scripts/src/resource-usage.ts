import { performance } from 'node:perf_hooks';
import type { BenchTarget } from './bench-target';
import type { LedgerMetrics } from './ledger-metrics';
import { round } from './stats';

/** CPU time of each process and the ledger's counters at one moment. */
export interface ResourceSnapshot extends LedgerMetrics {
  readonly atMs: number;
  readonly clientCpuMs: number;
  readonly networkCpuMs: number;
  readonly chaincodeCpuMs: number;
  readonly cpuMsByProcess: Readonly<Record<string, number>>;
}

export async function snapshot(target: BenchTarget): Promise<ResourceSnapshot> {
  const usage = process.cpuUsage();
  const cpu = target.cpu();
  const metrics = await target.metrics();
  return {
    atMs: performance.now(),
    clientCpuMs: (usage.user + usage.system) / 1000,
    networkCpuMs: cpu.networkMs,
    chaincodeCpuMs: cpu.chaincodeMs,
    cpuMsByProcess: cpu.byProcess,
    ...metrics,
  };
}

/** What a phase cost: CPU per committed transaction per process, cores kept busy, block sizes. */
export interface ResourceUse {
  readonly wallS: number;
  readonly cpuMsPerValidTx: { readonly client: number; readonly network: number; readonly chaincode: number; readonly total: number };
  /** The network and chaincode share, process by process (JSON only). */
  readonly cpuMsPerValidTxByProcess: Readonly<Record<string, number>>;
  readonly coresBusy: { readonly client: number; readonly network: number; readonly chaincode: number; readonly total: number };
  readonly blocks: number;
  readonly txPerBlock: number;
  readonly blockProcessingMsAvg: number;
  /** Ledger requests of the chaincode per committed transaction, every endorsement's execution counted. */
  readonly shimRequestsPerValidTx: number;
  readonly ledgerValidTx: number;
  readonly ledgerInvalidTx: number;
  /** Invalid transactions of the window by validation code, as the ledger counted them. */
  readonly ledgerInvalidByCode: Readonly<Record<string, number>>;
}

export function resourceUse(before: ResourceSnapshot, after: ResourceSnapshot): ResourceUse {
  const wallMs = after.atMs - before.atMs;
  const client = after.clientCpuMs - before.clientCpuMs;
  const network = after.networkCpuMs - before.networkCpuMs;
  const chaincode = after.chaincodeCpuMs - before.chaincodeCpuMs;
  const valid = after.validTx - before.validTx;
  const invalid = after.invalidTx - before.invalidTx;
  const blocks = after.height - before.height;
  const processed = after.blocksProcessed - before.blocksProcessed;
  const perTx = (ms: number): number => round(valid > 0 ? ms / valid : Number.NaN, 2);
  const cores = (ms: number): number => round(ms / wallMs, 2);
  return {
    wallS: round(wallMs / 1000),
    cpuMsPerValidTx: { client: perTx(client), network: perTx(network), chaincode: perTx(chaincode), total: perTx(client + network + chaincode) },
    cpuMsPerValidTxByProcess: Object.fromEntries(Object.entries(after.cpuMsByProcess).map(([name, ms]) => [name, perTx(ms - (before.cpuMsByProcess[name] ?? 0))])),
    coresBusy: { client: cores(client), network: cores(network), chaincode: cores(chaincode), total: cores(client + network + chaincode) },
    blocks,
    txPerBlock: round(blocks > 0 ? (valid + invalid) / blocks : 0),
    blockProcessingMsAvg: round(processed > 0 ? ((after.blockProcessingS - before.blockProcessingS) * 1000) / processed : 0),
    shimRequestsPerValidTx: perTx(after.shimRequests - before.shimRequests),
    ledgerValidTx: valid,
    ledgerInvalidTx: invalid,
    ledgerInvalidByCode: Object.fromEntries(
      Object.entries(after.invalidByCode)
        .map(([code, count]) => [code, count - (before.invalidByCode[code] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    ),
  };
}
