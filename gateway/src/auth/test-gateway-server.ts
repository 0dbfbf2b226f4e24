import { connectivityState } from '@grpc/grpc-js';
import type { Contract, Network } from '@hyperledger/fabric-gateway';
import pino from 'pino';
import { completeConfig } from '../config/load-config';
import type { PartialGatewayConfig } from '../config/gateway-config';
import type { FabricConnection } from '../fabric/connection';
import type { CommittedTransaction, LedgerCall } from '../fabric/ledger-client';
import { createGatewayServer, type GatewayServer } from '../server';

/** A Fabric connection that connects nowhere (tests of the HTTP layer). */
function idleConnection(): FabricConnection {
  return {
    client: { getChannel: () => ({ getConnectivityState: () => connectivityState.IDLE }), close: () => undefined },
    gateway: {},
    network: {} as Network,
    contract: () => ({}) as Contract,
    close: () => undefined,
  } as unknown as FabricConnection;
}

/** Records the evaluations that reached "Fabric"; every read answers `{"read":true}`. */
export class CountingLedger {
  readonly evaluations: LedgerCall[] = [];

  async evaluate(call: LedgerCall): Promise<Uint8Array> {
    this.evaluations.push(call);
    return new TextEncoder().encode('{"read":true}');
  }

  async submit(): Promise<CommittedTransaction> {
    throw new Error('no writes in these tests');
  }
}

/** A real gateway server (createGatewayServer) over a counting ledger, with its data dir; no events. */
export async function testGatewayServer(dataDir: string, ledger: CountingLedger, config: PartialGatewayConfig = {}): Promise<GatewayServer> {
  return createGatewayServer({
    config: completeConfig({
      mspId: 'MobilityMSP',
      peer: { endpoint: 'localhost:1', tlsRootCertPath: '/unused' },
      identity: { certPath: '/unused', keyPath: '/unused' },
      dataDir,
      http: { port: 0 },
      ...config,
    }),
    logger: pino({ level: 'silent' }),
    events: false,
    connection: idleConnection(),
    ledger,
  });
}
