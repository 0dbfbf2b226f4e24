import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import { ChannelPolicies } from './channel-policies';
import type { PolicyEvaluator } from './policy-identity';
import { SignaturePolicyEvaluator } from './signature-policy-evaluator';

const channelPoliciesByDefinition = new WeakMap<ConsortiumDefinition, ChannelPolicies>();

export function channelPoliciesOf(definition: ConsortiumDefinition = consortium): ChannelPolicies {
  let policies = channelPoliciesByDefinition.get(definition);
  if (!policies) {
    policies = new ChannelPolicies(definition);
    channelPoliciesByDefinition.set(definition, policies);
  }
  return policies;
}

/**
 * A chaincode endorsement policy as a chaincode definition states it: either a channel policy
 * reference (an absolute path such as /Channel/Application/Endorsement, which is MAJORITY
 * Endorsement over the application orgs) or a signature policy expression such as
 * "AND('OemMSP.peer', OR('MobilityMSP.peer', 'AuditMSP.peer'))".
 */
export function resolveEndorsementPolicy(expression: string, definition: ConsortiumDefinition = consortium): PolicyEvaluator {
  const trimmed = expression.trim();
  if (trimmed.startsWith('/')) {
    return channelPoliciesOf(definition).get(trimmed);
  }
  return SignaturePolicyEvaluator.fromString(trimmed);
}
