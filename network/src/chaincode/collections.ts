/**
 * Private data collections of a chaincode and who may use them, as Fabric's SimpleCollectionStore decides:
 * a member of the collection (the proposal creator's org satisfies the member orgs policy) may read and
 * write; anyone else may read unless memberOnlyRead and write unless memberOnlyWrite. Every org of the
 * channel also has an implicit collection `_implicit_org_<MSPID>` that anyone may read and write.
 */
import type { CollectionDefinition } from '../consortium/consortium';
import { CollectionAccessError } from './errors';

export const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

export interface CollectionConfig {
  readonly name: string;
  readonly memberMspIds: ReadonlySet<string>;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

export interface CollectionPermission {
  readonly read: boolean;
  readonly write: boolean;
}

/**
 * Member orgs of a collection policy. Collection member policies are signature policies over org
 * principals; this accepts the usual `OR('A.member', 'B.member')` form (and `OutOf(1, ...)`).
 */
export function memberOrgsOfPolicy(policy: string): Set<string> {
  const match = /^\s*(?:OR\s*\((.*)\)|OutOf\s*\(\s*1\s*,(.*)\))\s*$/i.exec(policy);
  const list = match?.[1] ?? match?.[2];
  if (list === undefined) throw new CollectionAccessError(`unsupported collection member policy: ${policy}`);
  const orgs = new Set<string>();
  for (const principal of list.split(',')) {
    const parsed = /^\s*'([^'.]+)\.member'\s*$/.exec(principal);
    if (!parsed?.[1]) throw new CollectionAccessError(`unsupported principal in collection member policy: ${principal.trim()}`);
    orgs.add(parsed[1]);
  }
  return orgs;
}

export function collectionConfig(definition: CollectionDefinition): CollectionConfig {
  return {
    name: definition.name,
    memberMspIds: memberOrgsOfPolicy(definition.policy),
    memberOnlyRead: definition.memberOnlyRead,
    memberOnlyWrite: definition.memberOnlyWrite,
  };
}

export function implicitCollectionConfig(mspId: string): CollectionConfig {
  return { name: `${IMPLICIT_COLLECTION_PREFIX}${mspId}`, memberMspIds: new Set([mspId]), memberOnlyRead: false, memberOnlyWrite: false };
}

/** The chaincode's explicit collections plus the implicit collection of every channel org. */
export class CollectionRegistry {
  private readonly byName = new Map<string, CollectionConfig>();

  constructor(collections: readonly CollectionDefinition[], channelOrgMspIds: readonly string[]) {
    for (const definition of collections) this.byName.set(definition.name, collectionConfig(definition));
    for (const mspId of channelOrgMspIds) {
      const implicit = implicitCollectionConfig(mspId);
      this.byName.set(implicit.name, implicit);
    }
  }

  get(name: string): CollectionConfig | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }
}

export function permissionFor(collection: CollectionConfig, creatorMspId: string): CollectionPermission {
  if (!collection.memberOnlyRead && !collection.memberOnlyWrite) return { read: true, write: true };
  if (collection.memberMspIds.has(creatorMspId)) return { read: true, write: true };
  return { read: !collection.memberOnlyRead, write: !collection.memberOnlyWrite };
}
