import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consortium, peerOrgByMspId, type ConsortiumDefinition } from '../consortium/consortium';
import type { CryptoMaterial, PeerOrgMaterial } from './crypto-material';
import { toYaml } from './yaml-writer';

/**
 * Connection profiles in the format of Fabric test-network's ccp-generate.sh
 * (organizations/ccp-template.json), one per peer org, written next to the org's crypto as
 * organizations/peerOrganizations/<domain>/connection-<name>.json (and .yaml).
 */

export interface ConnectionProfile {
  readonly name: string;
  readonly version: string;
  readonly client: { readonly organization: string; readonly connection: { readonly timeout: { readonly peer: { readonly endorser: string } } } };
  readonly organizations: Record<string, { readonly mspid: string; readonly peers: string[]; readonly certificateAuthorities: string[] }>;
  readonly channels: Record<string, { readonly orderers: string[]; readonly peers: Record<string, Record<string, boolean>> }>;
  readonly peers: Record<string, Endpoint>;
  readonly orderers: Record<string, Endpoint>;
  readonly certificateAuthorities: Record<
    string,
    { readonly caName: string; readonly tlsCACerts: { readonly pem: string[] }; readonly httpOptions: { readonly verify: boolean } }
  >;
}

interface Endpoint {
  readonly url: string;
  readonly tlsCACerts: { readonly pem: string };
  readonly grpcOptions: { readonly 'ssl-target-name-override': string; readonly hostnameOverride: string };
}

export interface ConnectionProfileFiles {
  readonly mspId: string;
  readonly jsonPath: string;
  readonly yamlPath?: string;
}

/** Test-network names the org in the profile after its MSP ID without the MSP suffix (Org1MSP -> Org1). */
export function profileOrganizationName(mspId: string): string {
  return mspId.endsWith('MSP') && mspId.length > 3 ? mspId.slice(0, -3) : mspId;
}

export function buildConnectionProfile(
  material: CryptoMaterial,
  org: PeerOrgMaterial,
  definition: ConsortiumDefinition = consortium,
): ConnectionProfile {
  const orgDefinition = peerOrgByMspId(org.mspId, definition);
  const ordererDefinition = definition.ordererOrg;
  const organization = profileOrganizationName(org.mspId);
  const peerName = org.peer.name;
  const ordererName = material.ordererOrg.orderer.name;
  const caName = `ca.${org.domain}`;
  return {
    name: `${definition.channelName}-network-${orgDefinition.name}`,
    version: '1.0.0',
    client: { organization, connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: { [organization]: { mspid: org.mspId, peers: [peerName], certificateAuthorities: [caName] } },
    channels: {
      [definition.channelName]: {
        orderers: [ordererName],
        peers: {
          [peerName]: { endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true, discover: true },
        },
      },
    },
    peers: {
      [peerName]: endpoint(`grpcs://${orgDefinition.peerHost}:${orgDefinition.peerPort}`, org.tlsCaCertificatePem, peerName),
    },
    orderers: {
      [ordererName]: endpoint(
        `grpcs://${ordererDefinition.ordererHost}:${ordererDefinition.ordererPort}`,
        material.ordererOrg.tlsCaCertificatePem,
        ordererName,
      ),
    },
    certificateAuthorities: {
      [caName]: { caName: `ca-${orgDefinition.name}`, tlsCACerts: { pem: [org.caCertificatePem] }, httpOptions: { verify: false } },
    },
  };
}

/** Writes connection-<name>.json (and .yaml unless disabled) for every peer org. */
export async function writeConnectionProfiles(
  material: CryptoMaterial,
  definition: ConsortiumDefinition = consortium,
  options: { readonly yaml?: boolean } = {},
): Promise<ConnectionProfileFiles[]> {
  return Promise.all(
    material.peerOrgs.map(async (org) => {
      const profile = buildConnectionProfile(material, org, definition);
      const baseName = `connection-${peerOrgByMspId(org.mspId, definition).name}`;
      const jsonPath = join(org.orgDir, `${baseName}.json`);
      await writeFile(jsonPath, `${JSON.stringify(profile, null, 4)}\n`);
      if (options.yaml === false) {
        return { mspId: org.mspId, jsonPath };
      }
      const yamlPath = join(org.orgDir, `${baseName}.yaml`);
      await writeFile(yamlPath, toYaml(profile));
      return { mspId: org.mspId, jsonPath, yamlPath };
    }),
  );
}

function endpoint(url: string, tlsCaPem: string, hostName: string): Endpoint {
  return { url, tlsCACerts: { pem: tlsCaPem }, grpcOptions: { 'ssl-target-name-override': hostName, hostnameOverride: hostName } };
}
