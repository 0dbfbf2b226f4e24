/**
 * Reads what offline tools need from a config block: the orgs' MSP certificates and the policies
 * that decide block and transaction validity (/Channel/Orderer/BlockValidation,
 * /Channel/Application/Endorsement and each org's Endorsement policy).
 */
import { common, msp, orderer } from '@hyperledger/fabric-protos';

export class ConfigBlockError extends Error {
  override name = 'ConfigBlockError';
}

export type ConfigGroupKind = 'Application' | 'Orderer';

export interface ChannelOrgMsp {
  readonly kind: ConfigGroupKind;
  /** Key of the org's group in the config tree. */
  readonly groupName: string;
  readonly mspId: string;
  readonly rootCertsPem: readonly string[];
  readonly intermediateCertsPem: readonly string[];
  readonly tlsRootCertsPem: readonly string[];
  readonly nodeOusEnabled: boolean;
}

export type ChannelPolicy =
  | { readonly type: 'implicitMeta'; readonly rule: 'ANY' | 'ALL' | 'MAJORITY'; readonly subPolicy: string }
  | { readonly type: 'signature'; readonly envelope: common.SignaturePolicyEnvelope };

export interface ChannelBatchSettings {
  readonly maxMessageCount: number;
  readonly absoluteMaxBytes: number;
  readonly preferredMaxBytes: number;
  /** Go duration string, e.g. "2s". */
  readonly batchTimeout: string;
}

export interface ChannelConfigSummary {
  readonly channelId: string;
  readonly sequence: number;
  readonly orgs: readonly ChannelOrgMsp[];
  /** /Channel/Application/Endorsement. */
  readonly applicationEndorsement: ChannelPolicy;
  /** /Channel/Application/<org>/Endorsement by MSP ID. */
  readonly orgEndorsement: Readonly<Record<string, ChannelPolicy>>;
  /** /Channel/Orderer/BlockValidation: who may sign blocks. */
  readonly blockValidation: ChannelPolicy;
  readonly batch: ChannelBatchSettings;
  readonly consensusType: string;
  readonly config: common.Config;
}

const IMPLICIT_RULES = ['ANY', 'ALL', 'MAJORITY'] as const;

/** The config of a config block (its single CONFIG envelope). */
export function configFromBlock(block: common.Block): { channelId: string; config: common.Config } {
  const entry = block.getData()?.getDataList_asU8()[0];
  if (!entry) throw new ConfigBlockError('block has no data');
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(entry).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  if (channelHeader.getType() !== common.HeaderType.CONFIG) {
    throw new ConfigBlockError(`block ${block.getHeader()?.getNumber()} is not a config block (header type ${channelHeader.getType()})`);
  }
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  if (!config?.getChannelGroup()) throw new ConfigBlockError('config envelope has no channel group');
  return { channelId: channelHeader.getChannelId(), config };
}

/** A policy by its absolute path, e.g. "/Channel/Application/Endorsement". */
export function policyAt(config: common.Config, path: string): ChannelPolicy {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  if (segments[0] !== 'Channel' || segments.length < 2) throw new ConfigBlockError(`not an absolute channel policy path: ${path}`);
  let group = config.getChannelGroup();
  for (const name of segments.slice(1, -1)) group = group?.getGroupsMap().get(name);
  const policy = group?.getPoliciesMap().get(segments[segments.length - 1] as string)?.getPolicy();
  if (!policy) throw new ConfigBlockError(`no policy at ${path}`);
  return decodePolicy(policy, path);
}

function decodePolicy(policy: common.Policy, path: string): ChannelPolicy {
  switch (policy.getType()) {
    case common.Policy.PolicyType.SIGNATURE:
      return { type: 'signature', envelope: common.SignaturePolicyEnvelope.deserializeBinary(policy.getValue_asU8()) };
    case common.Policy.PolicyType.IMPLICIT_META: {
      const meta = common.ImplicitMetaPolicy.deserializeBinary(policy.getValue_asU8());
      const rule = IMPLICIT_RULES[meta.getRule()];
      if (!rule) throw new ConfigBlockError(`unknown implicit meta rule ${meta.getRule()} at ${path}`);
      return { type: 'implicitMeta', rule, subPolicy: meta.getSubPolicy() };
    }
    default:
      throw new ConfigBlockError(`unsupported policy type ${policy.getType()} at ${path}`);
  }
}

function pemStrings(list: readonly Uint8Array[]): string[] {
  return list.map((bytes) => Buffer.from(bytes).toString('utf8'));
}

function orgMsps(kind: ConfigGroupKind, group: common.ConfigGroup | undefined): ChannelOrgMsp[] {
  const orgs: ChannelOrgMsp[] = [];
  group?.getGroupsMap().forEach((orgGroup: common.ConfigGroup, groupName: string) => {
    const value = orgGroup.getValuesMap().get('MSP');
    if (!value) return;
    const mspConfig = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
    if (mspConfig.getType() !== 0) throw new ConfigBlockError(`org ${groupName} uses a non-X.509 MSP (type ${mspConfig.getType()})`);
    const fabricConfig = msp.FabricMSPConfig.deserializeBinary(mspConfig.getConfig_asU8());
    orgs.push({
      kind,
      groupName,
      mspId: fabricConfig.getName(),
      rootCertsPem: pemStrings(fabricConfig.getRootCertsList_asU8()),
      intermediateCertsPem: pemStrings(fabricConfig.getIntermediateCertsList_asU8()),
      tlsRootCertsPem: pemStrings(fabricConfig.getTlsRootCertsList_asU8()),
      nodeOusEnabled: fabricConfig.getFabricNodeOus()?.getEnable() ?? false,
    });
  });
  return orgs;
}

/** Everything a tool needs to check blocks of the channel without a running network. */
export function readChannelConfig(block: common.Block): ChannelConfigSummary {
  const { channelId, config } = configFromBlock(block);
  const root = config.getChannelGroup() as common.ConfigGroup;
  const application = root.getGroupsMap().get('Application');
  const ordererGroup = root.getGroupsMap().get('Orderer');
  if (!application || !ordererGroup) throw new ConfigBlockError('config lacks the Application or Orderer group');

  const applicationOrgs = orgMsps('Application', application);
  const orgEndorsement: Record<string, ChannelPolicy> = {};
  for (const org of applicationOrgs) {
    orgEndorsement[org.mspId] = policyAt(config, `/Channel/Application/${org.groupName}/Endorsement`);
  }

  const batchSizeValue = ordererGroup.getValuesMap().get('BatchSize');
  const batchTimeoutValue = ordererGroup.getValuesMap().get('BatchTimeout');
  const consensusValue = ordererGroup.getValuesMap().get('ConsensusType');
  if (!batchSizeValue || !batchTimeoutValue || !consensusValue) throw new ConfigBlockError('orderer group lacks BatchSize, BatchTimeout or ConsensusType');
  const batchSize = orderer.BatchSize.deserializeBinary(batchSizeValue.getValue_asU8());

  return {
    channelId,
    sequence: config.getSequence(),
    orgs: [...applicationOrgs, ...orgMsps('Orderer', ordererGroup)],
    applicationEndorsement: policyAt(config, '/Channel/Application/Endorsement'),
    orgEndorsement,
    blockValidation: policyAt(config, '/Channel/Orderer/BlockValidation'),
    batch: {
      maxMessageCount: batchSize.getMaxMessageCount(),
      absoluteMaxBytes: batchSize.getAbsoluteMaxBytes(),
      preferredMaxBytes: batchSize.getPreferredMaxBytes(),
      batchTimeout: orderer.BatchTimeout.deserializeBinary(batchTimeoutValue.getValue_asU8()).getTimeout(),
    },
    consensusType: orderer.ConsensusType.deserializeBinary(consensusValue.getValue_asU8()).getType(),
    config,
  };
}
