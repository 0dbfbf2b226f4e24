/**
 * The endorsement policy of each chaincode as the ledger defines it over time: the ValidationInfo of
 * its latest committed _lifecycle definition, or the default for a chaincode the ledger never defined
 * (the embedded network deploys without _lifecycle transactions).
 */
import type { ChaincodeActionInfo } from '@mobility-ledger/network/dist/protoutil/transaction';
import { committedPolicyOf, DEFAULT_ENDORSEMENT_POLICY, LIFECYCLE_NAMESPACE, type PolicyStatement } from '../evidence/endorsement-policy';

const VALIDATION_INFO_KEY = /^namespaces\/fields\/([^/]+)\/ValidationInfo$/;

/** Chaincodes whose transactions Fabric validates with their own rules, not a chaincode definition. */
export const SYSTEM_CHAINCODES: ReadonlySet<string> = new Set([LIFECYCLE_NAMESPACE, 'lscc', 'cscc', 'qscc']);

export class ChaincodePolicies {
  private readonly defined = new Map<string, PolicyStatement>();

  constructor(private readonly defaultPolicy: PolicyStatement = { type: 'reference', path: DEFAULT_ENDORSEMENT_POLICY }) {}

  statementFor(chaincode: string): PolicyStatement {
    return this.defined.get(chaincode) ?? this.defaultPolicy;
  }

  /** Learns the definitions a VALID transaction committed. */
  learn(action: ChaincodeActionInfo): void {
    for (const ns of action.rwset.nsRwSets) {
      if (ns.namespace !== LIFECYCLE_NAMESPACE) continue;
      for (const write of ns.kvRwSet.writes) {
        const chaincode = VALIDATION_INFO_KEY.exec(write.key)?.[1];
        if (!chaincode) continue;
        const statement = committedPolicyOf(action, chaincode);
        if (statement) this.defined.set(chaincode, statement);
      }
    }
  }
}
