import type { LedgerMetrics } from './ledger-metrics';
import type { PeerEndpoint } from './gateway-pool';

/**
 * What the bench measures against: the embedded network it starts (bench-network.ts), or a real
 * Hyperledger Fabric network that network/fabric/ started (fabric-bench-network.ts). Both give the
 * gateway pool its crypto and peers, and report ledger counters and CPU time the same way, so the
 * report compares like with like.
 */
export interface BenchTarget {
  readonly description: TargetDescription;
  /** Crypto in the embedded layout (dataDir/organizations) and each org's gateway peer. */
  readonly ready: { readonly dataDir: string; readonly peers: readonly BenchPeer[] };
  metrics(): Promise<LedgerMetrics>;
  cpu(): TargetCpu;
  /** Stops what the bench started; a real network stays up (its scripts own it). */
  stop(): Promise<void>;
}

export interface BenchPeer extends PeerEndpoint {
  readonly operationsPort: number;
}

export interface TargetDescription {
  readonly kind: 'embedded' | 'fabric';
  /** For the report's first line. */
  readonly label: string;
  readonly portOffset: number;
  readonly batchTimeoutMs: number;
  /** Processes by role, e.g. { network: 1, chaincode: 1 } or { orderer: 1, peer: 3, chaincode: 1 }. */
  readonly processes: Readonly<Record<string, number>>;
}

/** CPU time so far, in ms: "network" is the nodes (peers, orderer), "chaincode" the chaincode processes. */
export interface TargetCpu {
  readonly networkMs: number;
  readonly chaincodeMs: number;
  /** The same time per process (by name), for the JSON results. */
  readonly byProcess: Readonly<Record<string, number>>;
}
