import type { FabricDeployment } from './deployment';
import { COMPOSE_CHAINCODE_HOST } from './deployment';
import { envFilePath } from './run-layout';
import { generatedYaml } from './yaml-output';

/**
 * docker-compose.yaml for the same topology as the native scripts, for machines with Docker: the
 * orderer and the three peers from Hyperledger's images, and the chaincode server from the image
 * chaincode/Dockerfile builds. It sits at the root of a run directory generated with
 * `--target compose`, which every container mounts at /mobility, so the env files and the paths in
 * them are the same as natively. Ports are published on 127.0.0.1 only, with the same numbers, so
 * the connection profiles and scripts on the host work unchanged.
 */

const MOUNT = '/mobility';
const NETWORK = 'mobility';
const FABRIC_TAG = '${FABRIC_IMAGE_TAG:-2.5}';

function published(port: number): string {
  return `127.0.0.1:${port}:${port}`;
}

export function composeDocument(deployment: FabricDeployment) {
  const { orderer } = deployment;
  const common = {
    working_dir: `${MOUNT}/config`,
    volumes: [`./:${MOUNT}`],
    networks: [NETWORK],
  };
  const services: Record<string, unknown> = {
    [orderer.name]: {
      container_name: orderer.name,
      image: `hyperledger/fabric-orderer:${FABRIC_TAG}`,
      command: 'orderer',
      env_file: [envFilePath(orderer.name)],
      environment: { FABRIC_CFG_PATH: `${MOUNT}/config` },
      ports: [published(orderer.port), published(orderer.adminPort), published(orderer.operationsPort)],
      ...common,
    },
  };
  for (const peer of deployment.peers) {
    services[peer.name] = {
      container_name: peer.name,
      image: `hyperledger/fabric-peer:${FABRIC_TAG}`,
      command: 'peer node start',
      env_file: [envFilePath(peer.name)],
      environment: { FABRIC_CFG_PATH: `${MOUNT}/config` },
      ports: [published(peer.port), published(peer.operationsPort)],
      depends_on: [orderer.name],
      ...common,
    };
  }
  services[COMPOSE_CHAINCODE_HOST] = {
    container_name: COMPOSE_CHAINCODE_HOST,
    image: '${CHAINCODE_IMAGE:-mobility-ledger/chaincode:latest}',
    environment: {
      CHAINCODE_SERVER_ADDRESS: deployment.chaincodeServer.listenAddress,
      // The package ID of the installed package, from the run directory's .env (written by
      // generate.sh and start-chaincode.sh).
      CHAINCODE_ID: '${CHAINCODE_ID:-}',
    },
    networks: [NETWORK],
  };
  return { name: 'mobility-ledger', services, networks: { [NETWORK]: { name: 'mobility-ledger' } } };
}

export function composeYaml(deployment: FabricDeployment): string {
  return generatedYaml(composeDocument(deployment), 'docker compose topology: orderer, one peer per org, the chaincode server.');
}
