import { join } from 'node:path';

/**
 * File layout of Fabric's test network (cryptogen / Fabric CA enrolment scripts) under
 * <dataDir>/organizations. All paths derive from the org directory, so material can be
 * generated in a scratch directory and renamed into place.
 */

export type OrgKind = 'peer' | 'orderer';

export interface LocalMspPaths {
  /** Base directory of the node or user (holds msp/ and, for nodes, tls/). */
  readonly baseDir: string;
  readonly mspDir: string;
  readonly signCertPath: string;
  readonly privateKeyPath: string;
  readonly caCertPath: string;
  readonly tlsCaCertPath: string;
  readonly configPath: string;
}

export interface TlsPaths {
  readonly tlsDir: string;
  readonly caCertPath: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface OrgPaths {
  readonly orgDir: string;
  readonly caCertPath: string;
  readonly caKeyPath: string;
  readonly tlsCaCertPath: string;
  readonly tlsCaKeyPath: string;
  /** The org's verifying MSP (what configtx.yaml's MSPDir points at). */
  readonly mspDir: string;
  readonly mspCaCertPath: string;
  readonly mspTlsCaCertPath: string;
  readonly mspConfigPath: string;
}

export function organizationsDir(dataDir: string): string {
  return join(dataDir, 'organizations');
}

export function orgDirectory(dataDir: string, kind: OrgKind, domain: string): string {
  return join(organizationsDir(dataDir), kind === 'peer' ? 'peerOrganizations' : 'ordererOrganizations', domain);
}

export function caCertFileName(domain: string): string {
  return `ca.${domain}-cert.pem`;
}

export function tlsCaCertFileName(domain: string): string {
  return `tlsca.${domain}-cert.pem`;
}

export function orgPaths(orgDir: string, domain: string): OrgPaths {
  const mspDir = join(orgDir, 'msp');
  return {
    orgDir,
    caCertPath: join(orgDir, 'ca', caCertFileName(domain)),
    caKeyPath: join(orgDir, 'ca', 'priv_sk'),
    tlsCaCertPath: join(orgDir, 'tlsca', tlsCaCertFileName(domain)),
    tlsCaKeyPath: join(orgDir, 'tlsca', 'priv_sk'),
    mspDir,
    mspCaCertPath: join(mspDir, 'cacerts', caCertFileName(domain)),
    mspTlsCaCertPath: join(mspDir, 'tlscacerts', tlsCaCertFileName(domain)),
    mspConfigPath: join(mspDir, 'config.yaml'),
  };
}

/** peers/<name> or orderers/<name>. */
export function nodeBaseDir(orgDir: string, kind: OrgKind, nodeName: string): string {
  return join(orgDir, kind === 'peer' ? 'peers' : 'orderers', nodeName);
}

/** users/<name>, e.g. users/Admin@oem.mobility.example. */
export function userBaseDir(orgDir: string, userName: string): string {
  return join(orgDir, 'users', userName);
}

export function localMspPaths(baseDir: string, domain: string): LocalMspPaths {
  const mspDir = join(baseDir, 'msp');
  return {
    baseDir,
    mspDir,
    signCertPath: join(mspDir, 'signcerts', 'cert.pem'),
    privateKeyPath: join(mspDir, 'keystore', 'priv_sk'),
    caCertPath: join(mspDir, 'cacerts', caCertFileName(domain)),
    tlsCaCertPath: join(mspDir, 'tlscacerts', tlsCaCertFileName(domain)),
    configPath: join(mspDir, 'config.yaml'),
  };
}

export function serverTlsPaths(baseDir: string): TlsPaths {
  const tlsDir = join(baseDir, 'tls');
  return {
    tlsDir,
    caCertPath: join(tlsDir, 'ca.crt'),
    certPath: join(tlsDir, 'server.crt'),
    keyPath: join(tlsDir, 'server.key'),
  };
}

/** config.yaml points at the CA certificate relative to the MSP directory. */
export function nodeOuCaReference(domain: string): string {
  return `cacerts/${caCertFileName(domain)}`;
}
