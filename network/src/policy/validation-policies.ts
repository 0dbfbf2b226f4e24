import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import type { Identity } from '../msp/identity';
import type { MspManager } from '../msp/msp-manager';
import type { ValidationPolicies } from '../validator/ports';
import { resolveEndorsementPolicy } from './endorsement-policy';
import { PolicyDefinitionError } from './errors';
import { SignaturePolicyCache } from './signature-policy-evaluator';

/**
 * The validator's view of the channel's identities and policies: the channel MSPs, the
 * chaincode's endorsement policy from the consortium definition, and key-level policies
 * (VALIDATION_PARAMETER bytes) compiled once and cached.
 */
export function createValidationPolicies(
  msps: MspManager,
  definition: ConsortiumDefinition = consortium,
): ValidationPolicies<Identity> {
  const chaincodePolicy = resolveEndorsementPolicy(definition.chaincode.endorsementPolicy, definition);
  const keyPolicies = new SignaturePolicyCache();
  return {
    deserializeIdentity: (serialized) => msps.deserializeIdentity(serialized),
    chaincodePolicySatisfied: (endorsers) => chaincodePolicy.evaluate(endorsers),
    keyPolicySatisfied: (policy, endorsers) => {
      try {
        return keyPolicies.get(policy).evaluate(endorsers);
      } catch (error) {
        // An unusable key-level policy can never be satisfied; Fabric marks the transaction invalid.
        if (error instanceof PolicyDefinitionError) {
          return false;
        }
        throw error;
      }
    },
  };
}
