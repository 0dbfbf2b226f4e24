import { ORDERER_HOSTNAME, type FabricDeployment } from './deployment';
import { generatedYaml } from './yaml-output';

/**
 * crypto-config.yaml for cryptogen: every org with NodeOUs, one peer (peer0) per peer org, one
 * orderer, an Admin and User1 per peer org. cryptogen writes the test-network layout the embedded
 * network also uses (organizations/peerOrganizations/<domain>/...), and adds each node's name to its
 * TLS certificate; the extra SANs let clients and nodes on this machine dial localhost.
 *
 *   cryptogen generate --config config/crypto-config.yaml --output organizations
 */

const LOOPBACK_SANS = ['localhost', '127.0.0.1'] as const;

function sans(host: string): string[] {
  return [...new Set([...LOOPBACK_SANS, host])];
}

export function cryptoConfigDocument(deployment: FabricDeployment) {
  const { orderer } = deployment;
  return {
    OrdererOrgs: [
      {
        Name: orderer.mspId,
        Domain: orderer.domain,
        EnableNodeOUs: true,
        Specs: [{ Hostname: ORDERER_HOSTNAME, SANS: sans(orderer.host) }],
      },
    ],
    PeerOrgs: deployment.peers.map((peer) => ({
      Name: peer.org.mspId,
      Domain: peer.org.domain,
      EnableNodeOUs: true,
      Template: { Count: 1, SANS: sans(peer.host) },
      Users: { Count: 1 },
    })),
  };
}

export function cryptoConfigYaml(deployment: FabricDeployment): string {
  return generatedYaml(cryptoConfigDocument(deployment), 'cryptogen input: one CA and TLS CA per org, NodeOUs, peer0 / orderer, Admin and User1.');
}
