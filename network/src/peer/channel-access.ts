import { ledger } from '@hyperledger/fabric-protos';
import type { ConsortiumDefinition } from '../consortium/consortium';
import type { ChannelWritersAcl, IdentityDeserializer } from '../endorser/ports';
import type { OrgSetPolicy } from '../gateway/endorsement-plan';
import type { GatewayPolicies } from '../gateway/gateway-context';
import type { Identity, MspManager } from '../msp';
import {
  SignaturePolicyCache,
  channelPoliciesOf,
  createValidationPolicies,
  resolveEndorsementPolicy,
  type ChannelPolicies,
  type PolicyEvaluator,
  type PolicyIdentity,
} from '../policy';
import { VALIDATION_PARAMETER, type CommittedStateView, type ValidationPolicies } from '../validator/ports';

/**
 * The channel's identities and policies as the endorser, validator and gateway consult them: the
 * MSP manager validates identities, the channel policy tree answers ACLs (Readers, Writers), and the
 * chaincode and key-level endorsement policies decide validity and endorsement plans.
 */
export class ChannelAccess implements IdentityDeserializer, ChannelWritersAcl, ValidationPolicies<Identity>, GatewayPolicies {
  private readonly channelPolicies: ChannelPolicies;
  private readonly validation: ValidationPolicies<Identity>;
  /** Evaluators for endorsement planning, over org sets rather than verified identities. */
  private readonly chaincodePolicy: PolicyEvaluator;
  private readonly keyPolicies = new SignaturePolicyCache();

  constructor(
    private readonly msps: MspManager,
    private readonly definition: ConsortiumDefinition,
    private readonly state: CommittedStateView,
  ) {
    this.channelPolicies = channelPoliciesOf(definition);
    this.validation = createValidationPolicies(msps, definition);
    this.chaincodePolicy = resolveEndorsementPolicy(definition.chaincode.endorsementPolicy, definition);
  }

  deserializeIdentity(serialized: Uint8Array): Identity {
    return this.validation.deserializeIdentity(serialized);
  }

  checkWriters(creator: Identity): void {
    this.requirePolicy('Writers', creator);
  }

  chaincodePolicySatisfied(endorsers: readonly Identity[]): boolean {
    return this.validation.chaincodePolicySatisfied(endorsers);
  }

  keyPolicySatisfied(policy: Uint8Array, endorsers: readonly Identity[]): boolean {
    return this.validation.keyPolicySatisfied(policy, endorsers);
  }

  /** The orderer's broadcast filter (Fabric's SigFilter): /Channel/Writers, which orderer-org writers satisfy too. */
  checkBroadcastWriters(identityBytes: Uint8Array, data: Uint8Array, signature: Uint8Array): void {
    this.checkSignedRequest('Writers', identityBytes, data, signature, '/Channel/Writers');
  }

  checkSignedRequest(
    policy: 'Readers' | 'Writers',
    identityBytes: Uint8Array,
    data: Uint8Array,
    signature: Uint8Array,
    path = `/Channel/Application/${policy}`,
  ): void {
    let identity: Identity;
    try {
      identity = this.msps.deserializeIdentity(identityBytes);
    } catch (error) {
      throw new Error(`failed evaluating policy on signed data during check policy [${path}]: ${(error as Error).message}`);
    }
    if (!identity.verify(data, signature)) {
      throw new Error(`failed evaluating policy on signed data during check policy [${path}]: signature is not valid`);
    }
    this.requirePolicy(policy, identity, path);
  }

  /**
   * The policies a transaction with these results is validated against, as org-set predicates for
   * planning: each written key's key-level policy, and the chaincode policy if any written key has none.
   */
  async endorsementPoliciesFor(results: Uint8Array): Promise<OrgSetPolicy[]> {
    const policies: OrgSetPolicy[] = [];
    let needsChaincodePolicy = false;
    let wroteAnything = false;
    const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
    for (const nsRwset of rwset.getNsRwsetList()) {
      if (nsRwset.getNamespace() !== this.definition.chaincode.name) continue;
      const kv = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(nsRwset.getRwset_asU8());
      const keys = new Set([...kv.getWritesList().map((w) => w.getKey()), ...kv.getMetadataWritesList().map((w) => w.getKey())]);
      for (const key of keys) {
        wroteAnything = true;
        const parameter = await this.state.getValidationParameter(nsRwset.getNamespace(), key);
        if (parameter && parameter.length > 0) policies.push(this.asOrgSetPolicy(this.keyPolicies.get(parameter)));
        else needsChaincodePolicy = true;
      }
      for (const collection of nsRwset.getCollectionHashedRwsetList()) {
        const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8());
        for (const write of [...hashed.getHashedWritesList(), ...hashed.getMetadataWritesList()]) {
          wroteAnything = true;
          const parameter = await this.state.getHashedValidationParameter(nsRwset.getNamespace(), collection.getCollectionName(), write.getKeyHash_asU8());
          if (parameter && parameter.length > 0) policies.push(this.asOrgSetPolicy(this.keyPolicies.get(parameter)));
          else needsChaincodePolicy = true;
        }
      }
    }
    if (needsChaincodePolicy || !wroteAnything) policies.push(this.asOrgSetPolicy(this.chaincodePolicy));
    return policies;
  }

  private requirePolicy(policy: 'Readers' | 'Writers', identity: Identity, path = `/Channel/Application/${policy}`): void {
    if (!this.channelPolicies.get(path).evaluate([identity])) {
      throw new Error(
        `access denied: channel [${this.definition.channelName}] creator org [${identity.mspId}]: failed evaluating policy on signed data during check policy [${path}]: [implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the '${policy}' sub-policies to be satisfied]`,
      );
    }
  }

  /** A policy as a predicate over org sets: one peer identity per org, as an endorsement plan would gather. */
  private asOrgSetPolicy(evaluator: PolicyEvaluator): OrgSetPolicy {
    return (orgs) => evaluator.evaluate([...orgs].map((mspId): PolicyIdentity => ({ mspId, id: `plan:${mspId}`, hasRole: (role) => role === 'peer' || role === 'member' })));
  }
}

export { VALIDATION_PARAMETER };
