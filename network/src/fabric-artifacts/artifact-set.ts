import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { connectionJsonDocument, metadataJsonDocument } from './ccaas-package';
import { collectionsConfigJson } from './collections-config';
import { composeYaml } from './compose';
import { configtxYaml } from './configtx';
import { coreYaml } from './core-config';
import { cryptoConfigYaml } from './crypto-config';
import type { FabricDeployment } from './deployment';
import { networkDescriptionJson } from './network-description';
import { adminEnvironment, envFile, networkEnvironment, ordererEnvironment, peerEnvironment } from './node-env';
import { ordererYaml } from './orderer-config';
import { envFilePath, RUN_FILES } from './run-layout';
import { generatedJson } from './yaml-output';

/**
 * Every text artefact of a deployment, by path relative to the run directory: what
 * `fabric generate` writes, and what the committed reference copies in network/fabric/config are
 * compared against. Crypto material, the genesis block and the chaincode package are made later
 * (cryptogen, configtxgen, `fabric package`), since they are random or binary.
 */

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export const NETWORK_ENV_FILE = 'network.env';

export function adminEnvFilePath(domain: string): string {
  return envFilePath(`Admin@${domain}`);
}

export function fabricArtifacts(deployment: FabricDeployment, options: { readonly chaincodeTlsRootCertPem?: string } = {}): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: RUN_FILES.coreYaml, content: coreYaml(deployment) },
    { path: RUN_FILES.ordererYaml, content: ordererYaml(deployment) },
    { path: RUN_FILES.configtx, content: configtxYaml(deployment) },
    { path: RUN_FILES.cryptoConfig, content: cryptoConfigYaml(deployment) },
    { path: RUN_FILES.collections, content: collectionsConfigJson(deployment) },
    { path: NETWORK_ENV_FILE, content: envFile('Facts the network/fabric scripts read.', networkEnvironment(deployment)) },
    {
      path: envFilePath(deployment.orderer.name),
      content: envFile(`${deployment.orderer.name} (${deployment.orderer.mspId}); paths are relative to config/.`, ordererEnvironment(deployment, deployment.orderer)),
    },
    ...deployment.peers.flatMap((peer) => [
      { path: envFilePath(peer.name), content: envFile(`${peer.name} (${peer.org.mspId}); paths are relative to config/.`, peerEnvironment(deployment, peer)) },
      {
        path: adminEnvFilePath(peer.org.domain),
        content: envFile(`The peer CLI as ${peer.org.mspId}'s admin against ${peer.name}; paths are relative to config/.`, adminEnvironment(deployment, peer)),
      },
    ]),
    { path: RUN_FILES.chaincodeMetadata, content: generatedJson(metadataJsonDocument(deployment)) },
    { path: RUN_FILES.description, content: networkDescriptionJson(deployment) },
  ];
  if (deployment.chaincodeServer.launch === 'service') {
    files.push({ path: RUN_FILES.chaincodeConnection, content: generatedJson(connectionJsonDocument(deployment, options.chaincodeTlsRootCertPem)) });
  }
  if (deployment.target === 'compose') files.push({ path: RUN_FILES.compose, content: composeYaml(deployment) });
  return files;
}

export async function writeArtifacts(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}
