import { ledger } from '@hyperledger/fabric-protos';
import { IMPLICIT_COLLECTION_PREFIX, memberOrgsOfPolicy } from '../chaincode/collections';
import type { CollectionDefinition } from '../consortium/consortium';

/**
 * Fabric's gateway protects transient data when the client leaves the choice of endorsers to it:
 * the collections the first simulation wrote (without reading them) restrict the endorsement plan
 * to the orgs in their distribution policy, so private data sent as transient data reaches no other
 * org (internal/pkg/gateway/endorse.go, planFromFirstEndorser, steps 4 and 5).
 */

/** Collections of `namespace` the simulation results write to (hashed or metadata writes), in order of first appearance. */
export function writtenCollections(results: Uint8Array, namespace: string): string[] {
  const written: string[] = [];
  const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
  for (const nsRwset of rwset.getNsRwsetList()) {
    if (nsRwset.getNamespace() !== namespace) continue;
    for (const collection of nsRwset.getCollectionHashedRwsetList()) {
      const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
      const writes = hashed.getHashedWritesList().length + hashed.getMetadataWritesList().length;
      const name = collection.getCollectionName();
      if (writes > 0 && !written.includes(name)) written.push(name);
    }
  }
  return written;
}

/**
 * The orgs in the distribution policy of every named collection (discovery combines collection
 * filters: a peer must pass each). An unknown collection admits no org.
 */
export function distributionOrgs(
  collections: readonly string[],
  definitions: readonly CollectionDefinition[],
  channelOrgs: readonly string[],
): Set<string> {
  let allowed = new Set(channelOrgs);
  for (const name of collections) {
    const members = membersOf(name, definitions, channelOrgs);
    allowed = new Set([...allowed].filter((org) => members.has(org)));
  }
  return allowed;
}

function membersOf(name: string, definitions: readonly CollectionDefinition[], channelOrgs: readonly string[]): Set<string> {
  if (name.startsWith(IMPLICIT_COLLECTION_PREFIX)) {
    const org = name.slice(IMPLICIT_COLLECTION_PREFIX.length);
    return new Set(channelOrgs.includes(org) ? [org] : []);
  }
  const definition = definitions.find((candidate) => candidate.name === name);
  return definition ? memberOrgsOfPolicy(definition.policy) : new Set();
}

/** Fabric's message, with the collections formatted as Go formats a []string (`[a b]`). */
export function transientDataProtectionMessage(collections: readonly string[]): string {
  return (
    'requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): ' +
    `[${collections.join(' ')}]; retry specifying trusted endorsing organizations to protect transient data`
  );
}
