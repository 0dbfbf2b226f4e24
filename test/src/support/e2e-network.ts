import { signDeviceRequest, type SignedDeviceRequest, type TypedDataSigner } from '@mobility-ledger/chaincode';
import { connectAsOrgUser, type ClientConnection } from './fabric-client';
import { readFabricNetwork } from './fabric-target';
import { NetworkProcess } from './network-process';

export const ORGS = {
  oem: { mspId: 'OemMSP', domain: 'oem.mobility.example' },
  mobility: { mspId: 'MobilityMSP', domain: 'mobility.mobility.example' },
  audit: { mspId: 'AuditMSP', domain: 'audit.mobility.example' },
} as const;

export type OrgName = keyof typeof ORGS;

/**
 * A running embedded network plus one fabric-gateway connection per org, for end-to-end suites.
 * Under FABRIC_TARGET=fabric it attaches to the running real Fabric network instead (see
 * fabric-target.ts); portOffset then does not apply.
 */
export class E2eNetwork {
  private constructor(
    readonly process: NetworkProcess,
    readonly clients: Record<OrgName, ClientConnection>,
  ) {}

  static async start(portOffset: number, dataDir?: string): Promise<E2eNetwork> {
    const network = await NetworkProcess.start({ portOffset, batchTimeoutMs: 20, ...(dataDir ? { dataDir } : {}) });
    const clients = {} as Record<OrgName, ClientConnection>;
    for (const name of Object.keys(ORGS) as OrgName[]) {
      const peer = network.ready.peers.find((candidate) => candidate.mspId === ORGS[name].mspId);
      if (!peer) throw new Error(`no peer for ${name}`);
      clients[name] = await connectAsOrgUser(network.ready.dataDir, { ...ORGS[name], peerPort: peer.peerPort });
    }
    return new E2eNetwork(network, clients);
  }

  /**
   * The host:port by which the network's gateways name this org's peer in ErrorDetail.address: the
   * embedded network names peers like Fabric's test network (peer0.<domain>:<port>); a real peer
   * reports its gossip external endpoint.
   */
  gatewayAddress(mspId: string): string {
    const peer = this.process.ready.peers.find((candidate) => candidate.mspId === mspId);
    if (!peer) throw new Error(`no peer for ${mspId}`);
    if (this.process.embedded) return `peer0.${peer.domain}:${peer.peerPort}`;
    const described = readFabricNetwork().peers.find((candidate) => candidate.mspId === mspId);
    if (!described) throw new Error(`network.json describes no peer for ${mspId}`);
    return described.endpoint;
  }

  async stop(): Promise<void> {
    for (const client of Object.values(this.clients)) client.close();
    await this.process.stop();
  }
}

let nonceCounter = 0;

/** Signs a device request for the channel, valid for ten minutes of wall time. */
export async function signedRequest<P>(wallet: TypedDataSigner, action: string, payload: P): Promise<SignedDeviceRequest<P>> {
  nonceCounter += 1;
  return signDeviceRequest(wallet, {
    action,
    channel: 'mobility',
    payload,
    nonce: `e2e-${process.pid}-${nonceCounter.toString().padStart(6, '0')}`,
    expiresAt: Date.now() + 10 * 60 * 1000,
  });
}
