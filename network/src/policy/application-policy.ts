import { common } from '@hyperledger/fabric-protos';
import type { CollectionDefinition } from '../consortium/consortium';
import { signaturePolicyFromString } from './signature-policy-builder';

/**
 * common.ApplicationPolicy as a chaincode definition carries it (lifecycle's
 * ValidationParameter): a channel policy reference for paths, a signature policy otherwise.
 */
export function applicationPolicy(expression: string): common.ApplicationPolicy {
  const trimmed = expression.trim();
  const policy = new common.ApplicationPolicy();
  if (trimmed.startsWith('/')) {
    policy.setChannelConfigPolicyReference(trimmed);
  } else {
    policy.setSignaturePolicy(signaturePolicyFromString(trimmed));
  }
  return policy;
}

export function applicationPolicyBytes(expression: string): Uint8Array {
  return applicationPolicy(expression).serializeBinary();
}

/** A collection's member_orgs_policy: common.CollectionPolicyConfig with a signature policy. */
export function collectionMemberOrgsPolicy(expression: string): common.CollectionPolicyConfig {
  const policy = new common.CollectionPolicyConfig();
  policy.setSignaturePolicy(signaturePolicyFromString(expression));
  return policy;
}

/** common.CollectionConfigPackage for the collections of a chaincode definition, as the peer CLI builds it. */
export function collectionConfigPackage(collections: readonly CollectionDefinition[]): common.CollectionConfigPackage {
  const configs = collections.map((collection) => {
    const staticConfig = new common.StaticCollectionConfig();
    staticConfig.setName(collection.name);
    staticConfig.setMemberOrgsPolicy(collectionMemberOrgsPolicy(collection.policy));
    staticConfig.setRequiredPeerCount(collection.requiredPeerCount);
    staticConfig.setMaximumPeerCount(collection.maxPeerCount);
    staticConfig.setBlockToLive(collection.blockToLive);
    staticConfig.setMemberOnlyRead(collection.memberOnlyRead);
    staticConfig.setMemberOnlyWrite(collection.memberOnlyWrite);
    const config = new common.CollectionConfig();
    config.setStaticCollectionConfig(staticConfig);
    return config;
  });
  const collectionPackage = new common.CollectionConfigPackage();
  collectionPackage.setConfigList(configs);
  return collectionPackage;
}
