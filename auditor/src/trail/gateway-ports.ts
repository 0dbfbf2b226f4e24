/**
 * The parts of @hyperledger/fabric-gateway the auditor library uses, structurally, so the library works
 * with any fabric-gateway 1.x Contract and Network (the embedded network and real Fabric alike) and
 * tests can pass their own.
 */
import type { common } from '@hyperledger/fabric-protos';

export interface EvaluatingContract {
  evaluateTransaction(name: string, ...args: (string | Uint8Array)[]): Promise<Uint8Array>;
}

export interface ClosableBlockStream extends AsyncIterable<common.Block> {
  close(): void;
}

export interface BlockEventsNetwork {
  getBlockEvents(options?: { startBlock?: bigint }): Promise<ClosableBlockStream>;
}
