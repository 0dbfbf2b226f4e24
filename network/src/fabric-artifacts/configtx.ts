import { goDurationString } from '../orderer/channel-config';
import { CHANNEL_PROFILE, type FabricDeployment, type PeerNode } from './deployment';
import { fromConfigDir, ordererNodeDir, ordererOrgDir, peerOrgDir } from './run-layout';
import { generatedYaml } from './yaml-output';

/**
 * configtx.yaml for configtxgen: one application channel profile with a single-node Raft ordering
 * service, for the channel participation API (no system channel, no Consortiums section). Org
 * groups are keyed by MSP ID and carry the same policies and capabilities as the embedded
 * network's genesis block (network/src/orderer/channel-config.ts), plus anchor peers so that the
 * orgs' peers find each other through gossip (discovery and private data need them).
 *
 *   configtxgen -configPath config -profile MobilityChannel -channelID mobility -outputBlock channel-artifacts/mobility.block
 */

interface SignaturePolicy {
  readonly Type: 'Signature' | 'ImplicitMeta';
  readonly Rule: string;
}

const CAPABILITIES = {
  Channel: { V2_0: true },
  Orderer: { V2_0: true },
  Application: { V2_5: true },
} as const;

/** configtxgen's defaults for EtcdRaft.Options, written out so the file says what the channel gets. */
const ETCDRAFT_OPTIONS = {
  TickInterval: '500ms',
  ElectionTick: 10,
  HeartbeatTick: 1,
  MaxInflightBlocks: 5,
  SnapshotIntervalSize: '16 MB',
} as const;

function signature(rule: string): SignaturePolicy {
  return { Type: 'Signature', Rule: rule };
}

function implicitMeta(rule: string): SignaturePolicy {
  return { Type: 'ImplicitMeta', Rule: rule };
}

function anyRoleOf(mspId: string, roles: readonly string[]): SignaturePolicy {
  return signature(`OR(${roles.map((role) => `'${mspId}.${role}'`).join(', ')})`);
}

/** Sizes as configtxgen documents them ("10 MB"), exact bytes when not a whole number of KB. */
export function byteSize(bytes: number): string | number {
  const MB = 1024 * 1024;
  if (bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return bytes;
}

function peerOrganization(peer: PeerNode) {
  const { mspId, domain } = peer.org;
  return {
    Name: mspId,
    ID: mspId,
    MSPDir: fromConfigDir(`${peerOrgDir(domain)}/msp`),
    Policies: {
      Readers: anyRoleOf(mspId, ['admin', 'peer', 'client']),
      Writers: anyRoleOf(mspId, ['admin', 'client']),
      Admins: anyRoleOf(mspId, ['admin']),
      Endorsement: anyRoleOf(mspId, ['peer']),
    },
    AnchorPeers: [{ Host: peer.host, Port: peer.port }],
  };
}

function ordererOrganization(deployment: FabricDeployment) {
  const { orderer } = deployment;
  return {
    Name: orderer.mspId,
    ID: orderer.mspId,
    MSPDir: fromConfigDir(`${ordererOrgDir(orderer.domain)}/msp`),
    Policies: {
      Readers: anyRoleOf(orderer.mspId, ['member']),
      Writers: anyRoleOf(orderer.mspId, ['member']),
      Admins: anyRoleOf(orderer.mspId, ['admin']),
    },
    OrdererEndpoints: [orderer.endpoint],
  };
}

const META_POLICIES = {
  Readers: implicitMeta('ANY Readers'),
  Writers: implicitMeta('ANY Writers'),
  Admins: implicitMeta('MAJORITY Admins'),
};

export function configtxDocument(deployment: FabricDeployment) {
  const { definition, orderer } = deployment;
  const tlsCert = fromConfigDir(`${ordererNodeDir(orderer)}/tls/server.crt`);
  const peerOrgs = deployment.peers.map(peerOrganization);
  const ordererOrg = ordererOrganization(deployment);
  return {
    Organizations: [ordererOrg, ...peerOrgs],
    Capabilities: CAPABILITIES,
    Profiles: {
      [CHANNEL_PROFILE]: {
        Policies: META_POLICIES,
        Capabilities: CAPABILITIES.Channel,
        Orderer: {
          OrdererType: 'etcdraft',
          EtcdRaft: {
            Consenters: [{ Host: orderer.host, Port: orderer.port, ClientTLSCert: tlsCert, ServerTLSCert: tlsCert }],
            Options: ETCDRAFT_OPTIONS,
          },
          BatchTimeout: goDurationString(deployment.batchTimeoutMs),
          BatchSize: {
            MaxMessageCount: definition.batch.maxMessageCount,
            AbsoluteMaxBytes: byteSize(definition.batch.absoluteMaxBytes),
            PreferredMaxBytes: byteSize(definition.batch.preferredMaxBytes),
          },
          Organizations: [ordererOrg],
          Policies: { ...META_POLICIES, BlockValidation: implicitMeta('ANY Writers') },
          Capabilities: CAPABILITIES.Orderer,
        },
        Application: {
          Organizations: peerOrgs,
          Policies: {
            ...META_POLICIES,
            LifecycleEndorsement: implicitMeta('MAJORITY Endorsement'),
            Endorsement: implicitMeta('MAJORITY Endorsement'),
          },
          Capabilities: CAPABILITIES.Application,
        },
      },
    },
  };
}

export function configtxYaml(deployment: FabricDeployment): string {
  return generatedYaml(
    configtxDocument(deployment),
    `configtxgen input: channel '${deployment.definition.channelName}' (profile ${CHANNEL_PROFILE}), Raft ordering, channel participation API.`,
  );
}
