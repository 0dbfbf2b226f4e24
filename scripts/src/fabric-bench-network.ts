import { copyFabricOrganizations, readFabricNetwork } from '../../test/dist/support/fabric-target';
import type { BenchPeer, BenchTarget, TargetCpu, TargetDescription } from './bench-target';
import { countByRole, discoverFabricProcesses, type FabricProcess } from './fabric-processes';
import { fetchLedgerMetrics, type LedgerMetrics } from './ledger-metrics';
import { descendantsOf, readProcessTable } from '@mobility-ledger/gateway/dist/process/process-cpu';

export class FabricTargetError extends Error {
  override name = 'FabricTargetError';
}

/** The part of network.json beyond what test/src/support/fabric-target.ts types. */
interface NetworkFileExtras {
  readonly portOffset?: number;
  readonly batchTimeoutMs?: number;
  readonly chaincodeServer?: { readonly launch?: string };
}

/**
 * A running real Fabric network made by network/fabric/ (generate.sh, up.sh, deploy.sh), described
 * by its run directory. CPU: "network" is the peers and the orderer, "chaincode" the chaincode
 * server and any chaincode processes the peers launched (`--chaincode-launch peer`).
 */
export class FabricBenchNetwork implements BenchTarget {
  private constructor(
    readonly description: TargetDescription,
    readonly ready: { readonly dataDir: string; readonly peers: readonly BenchPeer[] },
    private readonly channel: string,
    private readonly processes: readonly FabricProcess[],
  ) {}

  /** Reads network.json and the pid files of networkDir and copies its crypto into dataDir. */
  static async attach(networkDir: string, dataDir: string): Promise<FabricBenchNetwork> {
    const network = readFabricNetwork(networkDir);
    const extras = network as typeof network & NetworkFileExtras;
    const processes = discoverFabricProcesses(networkDir);
    const counts = countByRole(processes);
    const serverLaunch = extras.chaincodeServer?.launch !== 'peer';
    if (counts.orderer < 1 || counts.peer < network.peers.length || (serverLaunch && counts.chaincode < 1)) {
      throw new FabricTargetError(
        `${networkDir}/pids names ${counts.orderer} orderer, ${counts.peer} peer and ${counts.chaincode} chaincode server processes that run; ` +
          `expected 1, ${network.peers.length} and ${serverLaunch ? 1 : 0}: start the network with network/fabric/up.sh and deploy.sh (native target)`,
      );
    }
    await copyFabricOrganizations(dataDir, networkDir);
    const peers = network.peers.map((peer) => ({ mspId: peer.mspId, domain: peer.domain, peerPort: peer.peerPort, operationsPort: peer.operationsPort }));
    const description: TargetDescription = {
      kind: 'fabric',
      label: `real Hyperledger Fabric network (${networkDir})`,
      portOffset: extras.portOffset ?? 0,
      batchTimeoutMs: extras.batchTimeoutMs ?? Number.NaN,
      processes: { ...counts },
    };
    return new FabricBenchNetwork(description, { dataDir, peers }, network.channel, processes);
  }

  /** Ledger counters of one peer (every peer commits every block); chaincode requests of all peers. */
  async metrics(): Promise<LedgerMetrics> {
    if (this.ready.peers.length === 0) throw new FabricTargetError('network.json lists no peers');
    return fetchLedgerMetrics(this.ready.peers.map((peer) => peer.operationsPort), this.channel);
  }

  cpu(): TargetCpu {
    const table = readProcessTable();
    const byProcess: Record<string, number> = {};
    let networkMs = 0;
    let chaincodeMs = 0;
    for (const process of this.processes) {
      const ms = table.get(process.pid)?.cpuMs ?? 0;
      byProcess[process.name] = ms;
      if (process.role === 'chaincode') chaincodeMs += ms;
      else networkMs += ms;
    }
    // Chaincode the peers launched themselves runs as their descendants.
    const launched = descendantsOf(table, this.processes.filter((process) => process.role === 'peer').map((process) => process.pid));
    for (const pid of launched) {
      const ms = table.get(pid)?.cpuMs ?? 0;
      byProcess[`peer-launched ${pid}`] = ms;
      chaincodeMs += ms;
    }
    return { networkMs, chaincodeMs, byProcess };
  }

  /** The network stays up: network/fabric/down.sh owns it. */
  async stop(): Promise<void> {}
}
