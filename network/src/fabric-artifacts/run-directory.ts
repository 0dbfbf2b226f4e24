import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ccaasPackageFromFiles } from './ccaas-package';
import { nodePackage } from './node-package';
import { CHAINCODE_TLS_DIR, writeChaincodeTls } from './chaincode-tls';
import { writeFabricConnectionProfiles } from './connection-profiles';
import { fabricArtifacts, writeArtifacts } from './artifact-set';
import { fabricDeployment, type FabricDeployment, type FabricDeploymentOptions } from './deployment';
import { FabricArtifactsError } from './errors';
import type { NetworkDescriptionFile } from './network-description';
import { RUN_DIRS, RUN_FILES } from './run-layout';

/**
 * The steps of `mobility-network fabric …` that touch a run directory. The deployment options are
 * recorded in network.json by `generate`, so later steps (profiles, package) rebuild the same
 * deployment from the directory alone.
 */

export async function generateRunDirectory(runDir: string, options: FabricDeploymentOptions): Promise<FabricDeployment> {
  const deployment = fabricDeployment(options);
  const tls = deployment.chaincodeServer.tls ? await writeChaincodeTls(runDir, deployment) : undefined;
  await writeArtifacts(runDir, fabricArtifacts(deployment, tls ? { chaincodeTlsRootCertPem: tls.caPem } : {}));
  for (const dir of [RUN_DIRS.data, RUN_DIRS.logs, RUN_DIRS.pids, RUN_DIRS.channelArtifacts]) {
    await mkdir(join(runDir, dir), { recursive: true });
  }
  return deployment;
}

/**
 * Rewrites the generated files of an existing run directory from the current consortium.ts, with
 * the options it was generated with, and re-packs the chaincode: what an upgrade (new chaincode
 * version and sequence) or a changed collection needs before deploy.sh. Crypto material, the
 * genesis block, ledgers and an existing chaincode TLS CA are kept.
 */
export async function regenerateRunDirectory(runDir: string): Promise<{ deployment: FabricDeployment; pkg: WrittenPackage }> {
  const deployment = await deploymentOf(runDir);
  let chaincodeTlsRootCertPem: string | undefined;
  if (deployment.chaincodeServer.tls) {
    chaincodeTlsRootCertPem = await readFile(join(runDir, CHAINCODE_TLS_DIR, 'ca.crt'), 'utf8').catch(() => undefined);
    if (!chaincodeTlsRootCertPem) chaincodeTlsRootCertPem = (await writeChaincodeTls(runDir, deployment)).caPem;
  }
  await writeArtifacts(runDir, fabricArtifacts(deployment, chaincodeTlsRootCertPem ? { chaincodeTlsRootCertPem } : {}));
  return { deployment, pkg: await writePackage(runDir) };
}

export async function readDescription(runDir: string): Promise<NetworkDescriptionFile> {
  const path = join(runDir, RUN_FILES.description);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as NetworkDescriptionFile;
  } catch (error) {
    throw new FabricArtifactsError(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'}): run \`fabric generate\` first`);
  }
}

export async function deploymentOf(runDir: string): Promise<FabricDeployment> {
  const description = await readDescription(runDir);
  return fabricDeployment({
    target: description.target,
    portOffset: description.portOffset,
    batchTimeoutMs: description.batchTimeoutMs,
    chaincodeTls: description.chaincodeServer.tls,
    chaincodeLaunch: description.chaincodeServer.launch ?? 'service',
  });
}

/** Connection profiles from the crypto material cryptogen wrote; returns their absolute paths. */
export async function writeProfiles(runDir: string): Promise<string[]> {
  const deployment = await deploymentOf(runDir);
  const written = await writeFabricConnectionProfiles(runDir, deployment);
  return written.map((path) => resolve(runDir, path));
}

export interface WrittenPackage {
  readonly packageFile: string;
  readonly packageId: string;
}

/**
 * chaincode/<label>.tar.gz: a ccaas package of chaincode/metadata.json and connection.json, or for a
 * peer-launched chaincode a node package of the repository's compiled chaincode; its ID in chaincode/package-id.
 */
export async function writePackage(runDir: string, chaincodeDir?: string): Promise<WrittenPackage> {
  const metadataJson = await readFile(join(runDir, RUN_FILES.chaincodeMetadata), 'utf8');
  const type = (JSON.parse(metadataJson) as { type?: unknown }).type;
  const pkg =
    type === 'node'
      ? nodePackage(metadataJson, chaincodeDir)
      : ccaasPackageFromFiles(metadataJson, await readFile(join(runDir, RUN_FILES.chaincodeConnection), 'utf8'));
  const packageFile = join(runDir, RUN_DIRS.chaincode, `${pkg.label}.tar.gz`);
  await writeFile(packageFile, pkg.bytes);
  await writeFile(join(runDir, RUN_DIRS.chaincode, 'package-id'), `${pkg.packageId}\n`);
  return { packageFile: resolve(packageFile), packageId: pkg.packageId };
}
