import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { profileOrganizationName, type ConnectionProfile } from '../msp/connection-profile';
import { toYaml } from '../msp/yaml-writer';
import type { FabricDeployment, PeerNode } from './deployment';
import { connectionProfilePath, ordererOrgDir, peerOrgDir } from './run-layout';

/**
 * Gateway connection profiles for the real network, in the same test-network format (and at the
 * same place, organizations/peerOrganizations/<domain>/connection-<name>.json|yaml) as the embedded
 * network writes them, built from the CA certificates cryptogen generated. Clients dial
 * localhost:<port> and verify the peer's TLS certificate for its node name.
 */

export interface OrgCertificatesPem {
  readonly caPem: string;
  readonly tlsCaPem: string;
}

export interface ProfileCertificates {
  readonly peerOrgs: Readonly<Record<string, OrgCertificatesPem>>;
  readonly ordererTlsCaPem: string;
}

export function fabricConnectionProfile(deployment: FabricDeployment, peer: PeerNode, certificates: ProfileCertificates): ConnectionProfile {
  const { definition, orderer } = deployment;
  const own = certificates.peerOrgs[peer.org.mspId];
  if (!own) throw new RangeError(`no certificates for ${peer.org.mspId}`);
  const organization = profileOrganizationName(peer.org.mspId);
  const caName = `ca.${peer.org.domain}`;
  const endpoint = (port: number, tlsCaPem: string, hostName: string) => ({
    url: `grpcs://localhost:${port}`,
    tlsCACerts: { pem: tlsCaPem },
    grpcOptions: { 'ssl-target-name-override': hostName, hostnameOverride: hostName },
  });
  return {
    name: `${definition.channelName}-network-${peer.org.name}`,
    version: '1.0.0',
    client: { organization, connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: { [organization]: { mspid: peer.org.mspId, peers: [peer.name], certificateAuthorities: [caName] } },
    channels: {
      [definition.channelName]: {
        orderers: [orderer.name],
        peers: { [peer.name]: { endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true, discover: true } },
      },
    },
    peers: { [peer.name]: endpoint(peer.port, own.tlsCaPem, peer.name) },
    orderers: { [orderer.name]: endpoint(orderer.port, certificates.ordererTlsCaPem, orderer.name) },
    certificateAuthorities: { [caName]: { caName: `ca-${peer.org.name}`, tlsCACerts: { pem: [own.caPem] }, httpOptions: { verify: false } } },
  };
}

/** Reads the org CA certificates cryptogen wrote under runDir/organizations. */
export async function readProfileCertificates(runDir: string, deployment: FabricDeployment): Promise<ProfileCertificates> {
  const read = (path: string) => readFile(join(runDir, path), 'utf8');
  const peerOrgs: Record<string, OrgCertificatesPem> = {};
  for (const peer of deployment.peers) {
    const orgDir = peerOrgDir(peer.org.domain);
    const domain = peer.org.domain;
    peerOrgs[peer.org.mspId] = {
      caPem: await read(`${orgDir}/ca/ca.${domain}-cert.pem`),
      tlsCaPem: await read(`${orgDir}/tlsca/tlsca.${domain}-cert.pem`),
    };
  }
  const { domain } = deployment.orderer;
  return { peerOrgs, ordererTlsCaPem: await read(`${ordererOrgDir(domain)}/tlsca/tlsca.${domain}-cert.pem`) };
}

/** Writes connection-<name>.json and .yaml for every peer org; returns the JSON paths (run-relative). */
export async function writeFabricConnectionProfiles(runDir: string, deployment: FabricDeployment): Promise<string[]> {
  const certificates = await readProfileCertificates(runDir, deployment);
  const written: string[] = [];
  for (const peer of deployment.peers) {
    const profile = fabricConnectionProfile(deployment, peer, certificates);
    const jsonPath = connectionProfilePath(peer.org.domain, peer.org.name, 'json');
    await writeFile(join(runDir, jsonPath), `${JSON.stringify(profile, null, 4)}\n`);
    await writeFile(join(runDir, connectionProfilePath(peer.org.domain, peer.org.name, 'yaml')), toYaml(profile));
    written.push(jsonPath);
  }
  return written;
}
