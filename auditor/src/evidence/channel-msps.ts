/**
 * The MSPs a channel config defines (Application and Orderer org groups), read from their
 * FabricMSPConfig: CA certificates identities must chain to, admin certificates, and the NodeOU
 * settings that give identities their roles.
 */
import { X509Certificate } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import { reject } from './verification-error';

export interface NodeOuSettings {
  readonly enabled: boolean;
  readonly client: string | undefined;
  readonly peer: string | undefined;
  readonly admin: string | undefined;
  readonly orderer: string | undefined;
}

export interface ChannelMspDefinition {
  readonly mspId: string;
  /** Config path of the org group, e.g. /Channel/Application/OemMSP. */
  readonly groupPath: string;
  readonly rootCertificates: readonly X509Certificate[];
  readonly intermediateCertificates: readonly X509Certificate[];
  readonly adminCertificates: readonly X509Certificate[];
  readonly nodeOus: NodeOuSettings;
}

const X509_MSP_TYPE = 0;

function certificates(list: readonly (Uint8Array | string)[], what: string, mspId: string): X509Certificate[] {
  return list.map((pem) => {
    try {
      return new X509Certificate(Buffer.from(pem as Uint8Array));
    } catch (error) {
      return reject('CONFIG', `${what} of MSP ${mspId} is not an X.509 certificate: ${(error as Error).message}`);
    }
  });
}

function nodeOuSettings(config: msp.FabricMSPConfig): NodeOuSettings {
  const nodeOus = config.getFabricNodeOus();
  return {
    enabled: nodeOus?.getEnable() ?? false,
    client: nodeOus?.getClientOuIdentifier()?.getOrganizationalUnitIdentifier() || undefined,
    peer: nodeOus?.getPeerOuIdentifier()?.getOrganizationalUnitIdentifier() || undefined,
    admin: nodeOus?.getAdminOuIdentifier()?.getOrganizationalUnitIdentifier() || undefined,
    orderer: nodeOus?.getOrdererOuIdentifier()?.getOrganizationalUnitIdentifier() || undefined,
  };
}

function mspOfGroup(group: common.ConfigGroup, groupPath: string): ChannelMspDefinition | undefined {
  const value = group.getValuesMap().get('MSP');
  if (!value) return undefined;
  const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
  if (mspConfig.getType() !== X509_MSP_TYPE) reject('CONFIG', `${groupPath} uses a non-X.509 MSP (type ${mspConfig.getType()})`);
  const fabric = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
  const mspId = fabric.getName();
  return {
    mspId,
    groupPath,
    rootCertificates: certificates(fabric.getRootCertsList_asU8(), 'a root certificate', mspId),
    intermediateCertificates: certificates(fabric.getIntermediateCertsList_asU8(), 'an intermediate certificate', mspId),
    adminCertificates: certificates(fabric.getAdminsList_asU8(), 'an admin certificate', mspId),
    nodeOus: nodeOuSettings(fabric),
  };
}

/** Names of a group's sub-groups, sorted (protobuf maps have no reliable order). */
export function groupNames(group: common.ConfigGroup | undefined): string[] {
  const names: string[] = [];
  group?.getGroupsMap().forEach((_child: common.ConfigGroup, name: string) => names.push(name));
  return names.sort();
}

/** Every org MSP of the config, Application orgs first; an MSP ID defined in both groups is kept once. */
export function channelMspsOf(config: common.Config): ChannelMspDefinition[] {
  const root = config.getChannelGroup();
  const msps: ChannelMspDefinition[] = [];
  for (const kind of ['Application', 'Orderer'] as const) {
    const group = root?.getGroupsMap().get(kind);
    const names = groupNames(group);
    for (const name of names) {
      const orgGroup = group?.getGroupsMap().get(name);
      const definition = orgGroup && mspOfGroup(orgGroup, `/Channel/${kind}/${name}`);
      if (definition && !msps.some((known) => known.mspId === definition.mspId)) msps.push(definition);
    }
  }
  return msps;
}
