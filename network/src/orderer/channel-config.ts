/**
 * The channel's config tree (common.ConfigGroup "Channel") as configtxgen's encoder builds it
 * (internal/configtxgen/encoder, Fabric 2.5) for an application channel without a system channel,
 * with the policies and capabilities of Fabric 2.5's test network profile.
 */
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import type { ConsortiumDefinition, PeerOrgDefinition } from '../consortium/consortium';
import type { BatchConfig } from './blockcutter';
import { anyRoleOf, configPolicy, implicitMeta } from './config-policies';
import { type OrgCertificates, mspConfigValue } from './msp-config';

export type ConsensusConfig =
  | { readonly type: 'solo' }
  | {
      readonly type: 'etcdraft';
      /** PEM of the single consenter's TLS server certificate. */
      readonly serverTlsCertPem: string;
      /** PEM of its TLS client certificate; the server certificate when omitted. */
      readonly clientTlsCertPem?: string;
    };

export interface ChannelConfigInput {
  readonly definition: ConsortiumDefinition;
  /** CA and TLS CA certificates of every peer org and the orderer org, by MSP ID. */
  readonly certificates: Readonly<Record<string, OrgCertificates>>;
  /** Batch parameters written to the Orderer group; the definition's when omitted. */
  readonly batch?: BatchConfig;
  /** Solo when omitted (a single in-process orderer). */
  readonly consensus?: ConsensusConfig;
  /** Write AnchorPeers for each peer org (configtxgen only does so when the profile lists them). */
  readonly anchorPeers?: boolean;
}

export class ChannelConfigError extends Error {
  override name = 'ChannelConfigError';
}

const ADMINS = 'Admins';
const ORDERER_ADMINS = '/Channel/Orderer/Admins';
/** BlockDataHashingStructure width configtxgen writes: math.MaxUint32. */
const BLOCK_DATA_HASHING_WIDTH = 4294967295;
const CHANNEL_CAPABILITY = 'V2_0';
const ORDERER_CAPABILITY = 'V2_0';
const APPLICATION_CAPABILITY = 'V2_5';
/** configtxgen's defaults for EtcdRaft.Options (genesisconfig). */
const ETCDRAFT_OPTIONS = { tickInterval: '500ms', electionTick: 10, heartbeatTick: 1, maxInflightBlocks: 5, snapshotIntervalSize: 16 * 1024 * 1024 };

interface SerializableMessage {
  serializeBinary(): Uint8Array;
}

function configValue(message: SerializableMessage, modPolicy = ADMINS): common.ConfigValue {
  const value = new common.ConfigValue();
  value.setValue(message.serializeBinary());
  value.setModPolicy(modPolicy);
  return value;
}

function newGroup(): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setModPolicy(ADMINS);
  return group;
}

function capabilities(name: string): common.Capabilities {
  const value = new common.Capabilities();
  value.getCapabilitiesMap().set(name, new common.Capability());
  return value;
}

function addresses(list: readonly string[]): common.OrdererAddresses {
  const value = new common.OrdererAddresses();
  value.setAddressesList(list.slice());
  return value;
}

/** Go's time.Duration.String() for whole milliseconds ("2s", "500ms", "1m30s"), as configtxgen writes BatchTimeout. */
export function goDurationString(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`duration must be whole non-negative milliseconds: ${ms}`);
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const millis = ms % 60_000;
  const seconds = `${Math.floor(millis / 1000)}${millis % 1000 ? `.${String(millis % 1000).padStart(3, '0').replace(/0+$/, '')}` : ''}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

function certificatesOf(input: ChannelConfigInput, mspId: string): OrgCertificates {
  const certificates = input.certificates[mspId];
  if (!certificates) throw new ChannelConfigError(`no certificates given for ${mspId}`);
  return certificates;
}

function peerOrgGroup(org: PeerOrgDefinition, input: ChannelConfigInput): common.ConfigGroup {
  const group = newGroup();
  const policies = group.getPoliciesMap();
  policies.set('Readers', configPolicy(anyRoleOf(org.mspId, ['admin', 'peer', 'client'])));
  policies.set('Writers', configPolicy(anyRoleOf(org.mspId, ['admin', 'client'])));
  policies.set('Admins', configPolicy(anyRoleOf(org.mspId, ['admin'])));
  policies.set('Endorsement', configPolicy(anyRoleOf(org.mspId, ['peer'])));
  group.getValuesMap().set('MSP', configValue(mspConfigValue(org.mspId, certificatesOf(input, org.mspId))));
  if (input.anchorPeers) {
    const anchor = new peer.AnchorPeer();
    anchor.setHost(org.peerHost);
    anchor.setPort(org.peerPort);
    const anchorPeers = new peer.AnchorPeers();
    anchorPeers.setAnchorPeersList([anchor]);
    group.getValuesMap().set('AnchorPeers', configValue(anchorPeers));
  }
  return group;
}

function applicationGroup(input: ChannelConfigInput): common.ConfigGroup {
  const group = newGroup();
  const policies = group.getPoliciesMap();
  policies.set('Readers', configPolicy(implicitMeta('ANY', 'Readers')));
  policies.set('Writers', configPolicy(implicitMeta('ANY', 'Writers')));
  policies.set('Admins', configPolicy(implicitMeta('MAJORITY', 'Admins')));
  policies.set('LifecycleEndorsement', configPolicy(implicitMeta('MAJORITY', 'Endorsement')));
  policies.set('Endorsement', configPolicy(implicitMeta('MAJORITY', 'Endorsement')));
  group.getValuesMap().set('Capabilities', configValue(capabilities(APPLICATION_CAPABILITY)));
  for (const org of input.definition.peerOrgs) group.getGroupsMap().set(org.mspId, peerOrgGroup(org, input));
  return group;
}

function ordererEndpoint(definition: ConsortiumDefinition): string {
  return `${definition.ordererOrg.ordererHost}:${definition.ordererOrg.ordererPort}`;
}

function ordererOrgGroup(input: ChannelConfigInput): common.ConfigGroup {
  const { mspId } = input.definition.ordererOrg;
  const group = newGroup();
  const policies = group.getPoliciesMap();
  policies.set('Readers', configPolicy(anyRoleOf(mspId, ['member'])));
  policies.set('Writers', configPolicy(anyRoleOf(mspId, ['member'])));
  policies.set('Admins', configPolicy(anyRoleOf(mspId, ['admin'])));
  group.getValuesMap().set('MSP', configValue(mspConfigValue(mspId, certificatesOf(input, mspId))));
  group.getValuesMap().set('Endpoints', configValue(addresses([ordererEndpoint(input.definition)])));
  return group;
}

function consensusType(input: ChannelConfigInput): orderer.ConsensusType {
  const consensus = input.consensus ?? { type: 'solo' };
  const value = new orderer.ConsensusType();
  value.setType(consensus.type);
  if (consensus.type === 'etcdraft') {
    const consenter = new orderer.etcdraft.Consenter();
    consenter.setHost(input.definition.ordererOrg.ordererHost);
    consenter.setPort(input.definition.ordererOrg.ordererPort);
    consenter.setClientTlsCert(Buffer.from(consensus.clientTlsCertPem ?? consensus.serverTlsCertPem, 'utf8'));
    consenter.setServerTlsCert(Buffer.from(consensus.serverTlsCertPem, 'utf8'));
    const options = new orderer.etcdraft.Options();
    options.setTickInterval(ETCDRAFT_OPTIONS.tickInterval);
    options.setElectionTick(ETCDRAFT_OPTIONS.electionTick);
    options.setHeartbeatTick(ETCDRAFT_OPTIONS.heartbeatTick);
    options.setMaxInflightBlocks(ETCDRAFT_OPTIONS.maxInflightBlocks);
    options.setSnapshotIntervalSize(ETCDRAFT_OPTIONS.snapshotIntervalSize);
    const metadata = new orderer.etcdraft.ConfigMetadata();
    metadata.setConsentersList([consenter]);
    metadata.setOptions(options);
    value.setMetadata(metadata.serializeBinary());
  }
  return value;
}

function ordererGroup(input: ChannelConfigInput): common.ConfigGroup {
  const batch = input.batch ?? input.definition.batch;
  const group = newGroup();
  const policies = group.getPoliciesMap();
  policies.set('Readers', configPolicy(implicitMeta('ANY', 'Readers')));
  policies.set('Writers', configPolicy(implicitMeta('ANY', 'Writers')));
  policies.set('Admins', configPolicy(implicitMeta('MAJORITY', 'Admins')));
  policies.set('BlockValidation', configPolicy(implicitMeta('ANY', 'Writers')));

  const batchSize = new orderer.BatchSize();
  batchSize.setMaxMessageCount(batch.maxMessageCount);
  batchSize.setAbsoluteMaxBytes(batch.absoluteMaxBytes);
  batchSize.setPreferredMaxBytes(batch.preferredMaxBytes);
  const batchTimeout = new orderer.BatchTimeout();
  batchTimeout.setTimeout(goDurationString(batch.batchTimeoutMs));

  const values = group.getValuesMap();
  values.set('BatchSize', configValue(batchSize));
  values.set('BatchTimeout', configValue(batchTimeout));
  // MaxChannels 0 (unlimited) still produces the value, as configtxgen always adds it.
  values.set('ChannelRestrictions', configValue(new orderer.ChannelRestrictions()));
  values.set('Capabilities', configValue(capabilities(ORDERER_CAPABILITY)));
  values.set('ConsensusType', configValue(consensusType(input)));
  group.getGroupsMap().set(input.definition.ordererOrg.mspId, ordererOrgGroup(input));
  return group;
}

/** The root "Channel" group of the channel config. */
export function channelGroup(input: ChannelConfigInput): common.ConfigGroup {
  const group = newGroup();
  const policies = group.getPoliciesMap();
  policies.set('Readers', configPolicy(implicitMeta('ANY', 'Readers')));
  policies.set('Writers', configPolicy(implicitMeta('ANY', 'Writers')));
  policies.set('Admins', configPolicy(implicitMeta('MAJORITY', 'Admins')));

  const hashingAlgorithm = new common.HashingAlgorithm();
  hashingAlgorithm.setName('SHA256');
  const hashingStructure = new common.BlockDataHashingStructure();
  hashingStructure.setWidth(BLOCK_DATA_HASHING_WIDTH);

  const values = group.getValuesMap();
  values.set('HashingAlgorithm', configValue(hashingAlgorithm));
  values.set('BlockDataHashingStructure', configValue(hashingStructure));
  values.set('OrdererAddresses', configValue(addresses([ordererEndpoint(input.definition)]), ORDERER_ADMINS));
  values.set('Capabilities', configValue(capabilities(CHANNEL_CAPABILITY)));

  group.getGroupsMap().set('Orderer', ordererGroup(input));
  group.getGroupsMap().set('Application', applicationGroup(input));
  return group;
}
