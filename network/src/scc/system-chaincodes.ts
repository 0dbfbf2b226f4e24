import type { peer } from '@hyperledger/fabric-protos';
import type { ConsortiumDefinition } from '../consortium/consortium';
import type { SystemChaincodeRunner } from '../endorser/ports';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { channelPoliciesOf } from '../policy';
import { AclProvider, type AclIdentityDeserializer } from './acl';
import type { BlockHashIndex } from './block-hash-index';
import { Cscc } from './cscc';
import { Lifecycle } from './lifecycle';
import { lifecycleDefinitionOf } from './lifecycle-definitions';
import { Qscc, type QueryableLedger } from './qscc';
import { failure, type SystemChaincode } from './system-chaincode';

/** One peer's system chaincodes, as the endorser runs them in place of a chaincode process. */
export class SystemChaincodes implements SystemChaincodeRunner {
  private readonly byName: ReadonlyMap<string, SystemChaincode>;

  constructor(chaincodes: readonly SystemChaincode[]) {
    this.byName = new Map(chaincodes.map((chaincode) => [chaincode.name, chaincode]));
  }

  isSystemChaincode(name: string): boolean {
    return this.byName.has(name);
  }

  async invoke(proposal: UnpackedProposal): Promise<peer.Response> {
    const chaincode = this.byName.get(proposal.chaincodeName);
    if (!chaincode) return failure(`system chaincode ${proposal.chaincodeName} not found`);
    try {
      return await chaincode.invoke(proposal);
    } catch (error) {
      // A failing ledger read ends the invocation as a chaincode error, as a panic-free Go SCC would.
      return failure((error as Error).message);
    }
  }
}

export interface PeerSystemChaincodeOptions {
  readonly definition: ConsortiumDefinition;
  /** The peer's org (its local MSP). */
  readonly localMspId: string;
  readonly ledger: QueryableLedger;
  /** The channel MSP manager. */
  readonly identities: AclIdentityDeserializer;
  /** Shared by the peers of one ledger. */
  readonly hashIndex: BlockHashIndex;
  /** Package ID of the chaincode the peers run. */
  readonly packageId: string;
}

/** qscc, cscc and _lifecycle of one peer of the consortium's channel. */
export function createPeerSystemChaincodes(options: PeerSystemChaincodeOptions): SystemChaincodes {
  const { definition } = options;
  const channelId = definition.channelName;
  const applicationOrgs = definition.peerOrgs.map((org) => org.mspId);
  const acl = new AclProvider({
    channelId,
    localMspId: options.localMspId,
    applicationOrgs,
    identities: options.identities,
    policies: channelPoliciesOf(definition),
  });
  const definitions = [lifecycleDefinitionOf({ definition: definition.chaincode, packageId: options.packageId })];
  return new SystemChaincodes([
    new Qscc({ channelId, ledger: options.ledger, hashIndex: options.hashIndex, acl }),
    new Cscc({ channelId, ledger: options.ledger, acl }),
    new Lifecycle({ channelId, applicationOrgs, definitions, acl }),
  ]);
}
