import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import { generateOrgCrypto } from './crypto-generator';
import {
  localMspPaths,
  nodeBaseDir,
  orgDirectory,
  organizationsDir,
  orgPaths,
  serverTlsPaths,
  userBaseDir,
} from './crypto-layout';
import { CryptoMaterialError } from './errors';
import type { MspDefinition } from './msp-manager';
import { orgSpecs, type OrgSpec } from './org-spec';
import { SigningIdentity } from './signing-identity';

/** A user or node identity with its local MSP on disk. */
export interface IdentityMaterial {
  readonly name: string;
  readonly mspId: string;
  readonly mspDir: string;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  readonly certificatePem: string;
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string;
  readonly signer: SigningIdentity;
}

export interface TlsMaterial {
  readonly caCertificatePath: string;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  readonly caCertificatePem: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** A peer or orderer: its signing identity and TLS server credentials. */
export interface NodeMaterial extends IdentityMaterial {
  readonly tls: TlsMaterial;
}

export interface OrgMaterial {
  readonly mspId: string;
  readonly name: string;
  readonly domain: string;
  readonly orgDir: string;
  /** The org's verifying MSP directory (cacerts, tlscacerts, config.yaml). */
  readonly mspDir: string;
  readonly caCertificatePath: string;
  readonly caCertificatePem: string;
  readonly tlsCaCertificatePath: string;
  readonly tlsCaCertificatePem: string;
  readonly admin: IdentityMaterial;
}

export interface PeerOrgMaterial extends OrgMaterial {
  readonly peer: NodeMaterial;
  /** User1: a client identity for gateway applications. */
  readonly user: IdentityMaterial;
}

export interface OrdererOrgMaterial extends OrgMaterial {
  readonly orderer: NodeMaterial;
}

export interface CryptoMaterial {
  readonly dataDir: string;
  readonly organizationsDir: string;
  readonly peerOrgs: readonly PeerOrgMaterial[];
  readonly ordererOrg: OrdererOrgMaterial;
}

/**
 * Generates the crypto material of every org of the consortium under <dataDir>/organizations
 * on first use, and loads it from disk afterwards. Each org is generated in a scratch directory
 * and renamed into place, so an interrupted run never leaves a half-written org behind.
 */
export async function ensureCryptoMaterial(dataDir: string, definition: ConsortiumDefinition = consortium): Promise<CryptoMaterial> {
  const specs = orgSpecs(definition);
  const loaded = await Promise.all(specs.map((spec) => ensureOrg(dataDir, spec)));
  const peerOrgs = loaded.filter((org): org is PeerOrgMaterial => 'peer' in org);
  const ordererOrg = loaded.find((org): org is OrdererOrgMaterial => 'orderer' in org);
  if (!ordererOrg) {
    throw new CryptoMaterialError('the consortium has no orderer org');
  }
  return { dataDir, organizationsDir: organizationsDir(dataDir), peerOrgs, ordererOrg };
}

export function peerOrgMaterial(material: CryptoMaterial, mspId: string): PeerOrgMaterial {
  const org = material.peerOrgs.find((candidate) => candidate.mspId === mspId);
  if (!org) {
    throw new CryptoMaterialError(`no crypto material for peer org ${mspId}`);
  }
  return org;
}

/** The channel MSPs (every peer org and the orderer org) for an MspManager. */
export function mspDefinitions(material: CryptoMaterial): MspDefinition[] {
  return [...material.peerOrgs, material.ordererOrg].map((org) => ({
    mspId: org.mspId,
    rootCertificates: [org.caCertificatePem],
  }));
}

async function ensureOrg(dataDir: string, spec: OrgSpec): Promise<PeerOrgMaterial | OrdererOrgMaterial> {
  const orgDir = orgDirectory(dataDir, spec.kind, spec.domain);
  if (!(await exists(orgDir))) {
    await generateIntoPlace(orgDir, spec);
  }
  return loadOrg(orgDir, spec);
}

async function generateIntoPlace(orgDir: string, spec: OrgSpec): Promise<void> {
  await mkdir(dirname(orgDir), { recursive: true });
  const scratchDir = join(dirname(orgDir), `.${basename(orgDir)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await generateOrgCrypto(scratchDir, spec);
    await rename(scratchDir, orgDir);
  } catch (error) {
    await rm(scratchDir, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    // Another caller generated the same org first: use theirs.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await exists(orgDir))) {
      return;
    }
    throw error;
  }
}

async function loadOrg(orgDir: string, spec: OrgSpec): Promise<PeerOrgMaterial | OrdererOrgMaterial> {
  const paths = orgPaths(orgDir, spec.domain);
  const [caCertificatePem, tlsCaCertificatePem] = await Promise.all([readText(paths.caCertPath), readText(paths.tlsCaCertPath)]);
  const users = await Promise.all(spec.users.map((user) => loadIdentity(userBaseDir(orgDir, user.name), user.name, spec)));
  const node = await loadNode(orgDir, spec);
  const admin = users.find((user) => user.name.startsWith('Admin@'));
  if (!admin) {
    throw new CryptoMaterialError(`org ${spec.mspId} has no admin user`);
  }
  const base: OrgMaterial = {
    mspId: spec.mspId,
    name: spec.name,
    domain: spec.domain,
    orgDir,
    mspDir: paths.mspDir,
    caCertificatePath: paths.caCertPath,
    caCertificatePem,
    tlsCaCertificatePath: paths.tlsCaCertPath,
    tlsCaCertificatePem,
    admin,
  };
  if (spec.kind === 'orderer') {
    return { ...base, orderer: node };
  }
  const user = users.find((candidate) => candidate !== admin);
  if (!user) {
    throw new CryptoMaterialError(`org ${spec.mspId} has no client user`);
  }
  return { ...base, peer: node, user };
}

async function loadNode(orgDir: string, spec: OrgSpec): Promise<NodeMaterial> {
  const baseDir = nodeBaseDir(orgDir, spec.kind, spec.node.name);
  const tlsPaths = serverTlsPaths(baseDir);
  const [identity, caCertificatePem, certificatePem, privateKeyPem] = await Promise.all([
    loadIdentity(baseDir, spec.node.name, spec),
    readText(tlsPaths.caCertPath),
    readText(tlsPaths.certPath),
    readText(tlsPaths.keyPath),
  ]);
  const tls: TlsMaterial = {
    caCertificatePath: tlsPaths.caCertPath,
    certificatePath: tlsPaths.certPath,
    privateKeyPath: tlsPaths.keyPath,
    caCertificatePem,
    certificatePem,
    privateKeyPem,
  };
  return { ...identity, tls };
}

async function loadIdentity(baseDir: string, name: string, spec: OrgSpec): Promise<IdentityMaterial> {
  const paths = localMspPaths(baseDir, spec.domain);
  const [certificatePem, privateKeyPem] = await Promise.all([readText(paths.signCertPath), readText(paths.privateKeyPath)]);
  let signer: SigningIdentity;
  try {
    signer = SigningIdentity.fromPem(spec.mspId, certificatePem, privateKeyPem);
  } catch (error) {
    throw new CryptoMaterialError(`unusable key ${paths.privateKeyPath}: ${(error as Error).message}`);
  }
  return {
    name,
    mspId: spec.mspId,
    mspDir: paths.mspDir,
    certificatePath: paths.signCertPath,
    privateKeyPath: paths.privateKeyPath,
    certificatePem,
    privateKeyPem,
    signer,
  };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CryptoMaterialError(
      `crypto material file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); remove the org directory to regenerate it`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
