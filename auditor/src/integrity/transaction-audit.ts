/**
 * Re-checks, for a transaction the peer marked VALID, what a committing peer checked against state:
 * MVCC (every read version equals the replayed state's) and endorsement policies (key-level policies
 * of the keys it wrote, from the replayed VALIDATION_PARAMETER metadata, else the chaincode policy).
 * Range-query (phantom) checks are not repeated.
 */
import type { ChaincodeActionInfo, Version } from '@mobility-ledger/network/dist/protoutil/transaction';
import { SignaturePolicyCache } from '@mobility-ledger/network/dist/policy/signature-policy-evaluator';
import type { VerifiedIdentity } from '../evidence/channel-identities';
import type { ChannelTrust } from '../evidence/channel-trust';
import { describePolicyStatement, policyEvaluator } from '../evidence/endorsement-policy';
import { VerificationError } from '../evidence/verification-error';
import { SYSTEM_CHAINCODES, type ChaincodePolicies } from './chaincode-policies';
import { VALIDATION_PARAMETER, type ReplayedState } from './replayed-state';

function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.blockNum === b.blockNum && a.txNum === b.txNum;
}

function describeVersion(version: Version | undefined): string {
  return version ? `${version.blockNum}:${version.txNum}` : 'absent';
}

/** The first read whose version is not the replayed one, described; undefined when all match. */
export function staleRead(action: ChaincodeActionInfo, state: ReplayedState): string | undefined {
  for (const ns of action.rwset.nsRwSets) {
    for (const read of ns.kvRwSet.reads) {
      const current = state.getPublic(ns.namespace, read.key)?.version;
      if (!sameVersion(read.version, current)) {
        return `read ${ns.namespace}/${read.key} at ${describeVersion(read.version)}, but the replayed state has ${describeVersion(current)}`;
      }
    }
    for (const coll of ns.collHashedRwSets) {
      for (const read of coll.hashedRwSet.hashedReads) {
        const current = state.getHashed(ns.namespace, coll.collectionName, read.keyHash)?.version;
        if (!sameVersion(read.version, current)) {
          return `read hashed key ${Buffer.from(read.keyHash).toString('hex').slice(0, 16)}… of ${ns.namespace}/${coll.collectionName} at ${describeVersion(read.version)}, replayed ${describeVersion(current)}`;
        }
      }
    }
  }
  return undefined;
}

export class EndorsementAudit {
  private readonly keyPolicies = new SignaturePolicyCache();

  constructor(private readonly policies: ChaincodePolicies) {}

  /** Why the endorsers do not satisfy the policies Fabric applies to this transaction's writes; undefined when they do. */
  problem(action: ChaincodeActionInfo, endorsers: readonly VerifiedIdentity[], state: ReplayedState, trust: ChannelTrust): string | undefined {
    const chaincode = action.chaincodeId?.name ?? '';
    if (SYSTEM_CHAINCODES.has(chaincode)) return undefined;
    const parameters: { what: string; policy: Uint8Array }[] = [];
    let needsChaincodePolicy = false;
    let wroteAnything = false;
    for (const ns of action.rwset.nsRwSets) {
      if (ns.namespace !== chaincode) continue;
      const keys = new Set([...ns.kvRwSet.writes.map((write) => write.key), ...ns.kvRwSet.metadataWrites.map((write) => write.key)]);
      for (const key of keys) {
        wroteAnything = true;
        const parameter = state.getPublic(ns.namespace, key)?.metadata?.get(VALIDATION_PARAMETER);
        if (parameter && parameter.length > 0) parameters.push({ what: `key ${key}`, policy: parameter });
        else needsChaincodePolicy = true;
      }
      for (const coll of ns.collHashedRwSets) {
        for (const write of [...coll.hashedRwSet.hashedWrites, ...coll.hashedRwSet.metadataWrites]) {
          wroteAnything = true;
          const parameter = state.getHashed(ns.namespace, coll.collectionName, write.keyHash)?.metadata?.get(VALIDATION_PARAMETER);
          if (parameter && parameter.length > 0) parameters.push({ what: `a key of ${coll.collectionName}`, policy: parameter });
          else needsChaincodePolicy = true;
        }
      }
    }
    for (const { what, policy } of parameters) {
      try {
        const evaluator = this.keyPolicies.get(policy);
        if (!evaluator.evaluate(endorsers)) return `endorsers do not satisfy the key-level policy of ${what}: ${evaluator.description}`;
      } catch (error) {
        return `the key-level policy of ${what} is unusable: ${(error as Error).message}`;
      }
    }
    if (needsChaincodePolicy || !wroteAnything) {
      const statement = this.policies.statementFor(chaincode);
      try {
        const evaluator = policyEvaluator(statement, trust);
        if (!evaluator.evaluate(endorsers)) return `endorsers [${endorsers.map((endorser) => endorser.mspId).join(', ')}] do not satisfy ${evaluator.description}`;
      } catch (error) {
        if (error instanceof VerificationError) return `the endorsement policy ${describePolicyStatement(statement)} cannot be evaluated: ${error.message}`;
        throw error;
      }
    }
    return undefined;
  }
}
