import type { CollectionDefinition } from '../consortium/consortium';
import type { FabricDeployment } from './deployment';
import { generatedJson } from './yaml-output';

/**
 * collections_config.json for `peer lifecycle chaincode approveformyorg|commit --collections-config`:
 * the consortium's private data collections, field for field in the format of Fabric's
 * StaticCollectionConfig JSON (name, policy, requiredPeerCount, maxPeerCount, blockToLive,
 * memberOnlyRead, memberOnlyWrite).
 */

export interface CollectionConfigJson {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

export function collectionConfig(collection: CollectionDefinition): CollectionConfigJson {
  return {
    name: collection.name,
    policy: collection.policy,
    requiredPeerCount: collection.requiredPeerCount,
    maxPeerCount: collection.maxPeerCount,
    blockToLive: collection.blockToLive,
    memberOnlyRead: collection.memberOnlyRead,
    memberOnlyWrite: collection.memberOnlyWrite,
  };
}

export function collectionsConfigJson(deployment: FabricDeployment): string {
  return generatedJson(deployment.definition.chaincode.collections.map(collectionConfig));
}
