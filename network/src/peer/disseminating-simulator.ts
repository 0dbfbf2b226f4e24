import { memberOrgsOfPolicy } from '../chaincode';
import type { CollectionDefinition } from '../consortium/consortium';
import type { ProposalSimulator, SimulationOutcome } from '../endorser/ports';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import type { TxPvtRwSet } from '../protoutil/transaction';
import type { TransientStore } from './transient-store';

/**
 * Wraps a peer's chaincode support: a simulation's private writes go to the transient store of
 * every member org of each collection written (what Fabric's gossip dissemination achieves), to be
 * committed with the block. Non-members never receive the values.
 */
export class DisseminatingSimulator implements ProposalSimulator {
  private readonly membersByCollection: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(
    private readonly inner: ProposalSimulator,
    collections: readonly CollectionDefinition[],
    private readonly transientStore: TransientStore,
    private readonly height: () => number,
  ) {
    this.membersByCollection = new Map(collections.map((collection) => [collection.name, memberOrgsOfPolicy(collection.policy)]));
  }

  async simulate(proposal: UnpackedProposal): Promise<SimulationOutcome> {
    const outcome = await this.inner.simulate(proposal);
    const privateData = outcome.privateData as TxPvtRwSet | undefined;
    if (privateData && outcome.response.getStatus() < 400) {
      for (const [mspId, subset] of this.byMemberOrg(privateData)) {
        this.transientStore.put(proposal.txId, mspId, subset, this.height());
      }
    }
    return outcome;
  }

  private byMemberOrg(privateData: TxPvtRwSet): Map<string, TxPvtRwSet> {
    const result = new Map<string, TxPvtRwSet>();
    const orgs = new Set([...this.membersByCollection.values()].flatMap((members) => [...members]));
    for (const mspId of orgs) {
      const nsPvtRwSets = privateData.nsPvtRwSets
        .map((ns) => ({ ...ns, collPvtRwSets: ns.collPvtRwSets.filter((c) => this.membersByCollection.get(c.collectionName)?.has(mspId)) }))
        .filter((ns) => ns.collPvtRwSets.length > 0);
      if (nsPvtRwSets.length > 0) result.set(mspId, { nsPvtRwSets });
    }
    return result;
  }
}
