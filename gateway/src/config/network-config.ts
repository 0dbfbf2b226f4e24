import { localMspPaths, orgPaths, userBaseDir } from '@mobility-ledger/network/dist/msp/crypto-layout';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DEFAULT_HTTP_PORTS, type PartialGatewayConfig } from './gateway-config';

/** What a connection profile in Fabric test-network format tells about an org and its peer. */
interface ProfileOrg {
  readonly orgDir: string;
  readonly domain: string;
  readonly peerUrl: string;
  readonly hostAlias?: string;
  readonly channel?: string;
}

interface ConnectionProfileJson {
  organizations?: Record<string, { mspid?: string; peers?: string[] }>;
  peers?: Record<string, { url?: string; grpcOptions?: Record<string, string> }>;
  channels?: Record<string, unknown>;
}

function readProfile(file: string): ConnectionProfileJson | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConnectionProfileJson;
  } catch {
    return undefined;
  }
}

/** Finds the org's connection-*.json under organizations/peerOrganizations/<domain>/. */
export function findProfileOrg(dataDir: string, mspId: string): ProfileOrg {
  const root = path.join(dataDir, 'organizations', 'peerOrganizations');
  if (!existsSync(root)) throw new ConfigError(`${root} does not exist: is ${dataDir} a network data dir?`);
  for (const domain of readdirSync(root).sort()) {
    const orgDir = path.join(root, domain);
    const profiles = existsSync(orgDir) ? readdirSync(orgDir).filter((name) => /^connection-.*\.json$/.test(name)) : [];
    for (const name of profiles) {
      const profile = readProfile(path.join(orgDir, name));
      const org = Object.values(profile?.organizations ?? {}).find((candidate) => candidate.mspid === mspId);
      const peerName = org?.peers?.[0];
      const peer = peerName ? profile?.peers?.[peerName] : undefined;
      if (!peer?.url) continue;
      const hostAlias = peer.grpcOptions?.['ssl-target-name-override'] ?? peer.grpcOptions?.hostnameOverride;
      return { orgDir, domain, peerUrl: peer.url, hostAlias, channel: Object.keys(profile?.channels ?? {})[0] };
    }
  }
  throw new ConfigError(`no connection profile for ${mspId} under ${root}`);
}

export interface NetworkConfigOptions {
  /** The embedded network's data dir (or any dir in Fabric test-network layout). */
  readonly dataDir: string;
  readonly mspId: string;
  /** Added to the org's default HTTP port (3001, 3002, 3003). */
  readonly portOffset?: number;
  /** The client identity under users/: User1 by default. */
  readonly user?: string;
}

/**
 * A config layer for one org's gateway, read from a network data dir: the peer endpoint and TLS
 * server name from the org's connection profile (written by the network with its port offset), the
 * TLS CA and the User1 identity from the crypto material, a data dir under `<dataDir>/gateways/`.
 */
export function configFromNetworkDataDir(options: NetworkConfigOptions): PartialGatewayConfig {
  const dataDir = path.resolve(options.dataDir);
  const org = findProfileOrg(dataDir, options.mspId);
  const endpoint = org.peerUrl.replace(/^grpcs?:\/\//, '');
  const userMsp = localMspPaths(userBaseDir(org.orgDir, `${options.user ?? 'User1'}@${org.domain}`), org.domain);
  const defaultPort = DEFAULT_HTTP_PORTS[options.mspId];
  return {
    mspId: options.mspId,
    peer: { endpoint, tlsRootCertPath: orgPaths(org.orgDir, org.domain).tlsCaCertPath, ...(org.hostAlias ? { hostAlias: org.hostAlias } : {}) },
    identity: { certPath: userMsp.signCertPath, keyPath: path.dirname(userMsp.privateKeyPath) },
    ...(org.channel ? { channel: org.channel } : {}),
    ...(defaultPort === undefined ? {} : { http: { port: defaultPort + (options.portOffset ?? 0) } }),
    dataDir: path.join(dataDir, 'gateways', options.mspId),
  };
}
