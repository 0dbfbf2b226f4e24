import { common } from '@hyperledger/fabric-protos';
import { PolicyDefinitionError } from './errors';
import type { PolicyEvaluator, PolicyIdentity } from './policy-identity';

export type ImplicitMetaRule = 'ANY' | 'ALL' | 'MAJORITY';

export interface ImplicitMetaDefinition {
  readonly rule: ImplicitMetaRule;
  readonly subPolicy: string;
}

/** "MAJORITY Endorsement" -> { rule, subPolicy }, as Fabric's ImplicitMetaFromString. */
export function parseImplicitMeta(text: string): ImplicitMetaDefinition {
  const parts = text.split(' ');
  if (parts.length !== 2) {
    throw new PolicyDefinitionError(`expected two space separated tokens, but got ${parts.length}`);
  }
  const [rule = '', subPolicy = ''] = parts;
  if (rule !== 'ANY' && rule !== 'ALL' && rule !== 'MAJORITY') {
    throw new PolicyDefinitionError(`unknown rule type '${rule}', expected ALL, ANY, or MAJORITY`);
  }
  return { rule, subPolicy };
}

/** Fabric's thresholds: ANY 1, ALL n, MAJORITY n/2+1; with no sub-policies the threshold is 0. */
export function implicitMetaThreshold(rule: ImplicitMetaRule, subPolicyCount: number): number {
  if (subPolicyCount === 0) {
    return 0;
  }
  switch (rule) {
    case 'ANY':
      return 1;
    case 'ALL':
      return subPolicyCount;
    case 'MAJORITY':
      return Math.floor(subPolicyCount / 2) + 1;
  }
}

/** Serialized common.ImplicitMetaPolicy. */
export function implicitMetaPolicyBytes(definition: ImplicitMetaDefinition): Uint8Array {
  const policy = new common.ImplicitMetaPolicy();
  policy.setRule(common.ImplicitMetaPolicy.Rule[definition.rule]);
  policy.setSubPolicy(definition.subPolicy);
  return policy.serializeBinary();
}

/**
 * An implicit meta policy over the same-named policy of each child group (e.g. each application
 * org's Endorsement policy). Each sub-policy sees the whole identity set on its own.
 */
export class ImplicitMetaPolicyEvaluator implements PolicyEvaluator {
  readonly threshold: number;
  readonly description: string;

  constructor(
    readonly definition: ImplicitMetaDefinition,
    private readonly subPolicies: readonly { readonly group: string; readonly policy: PolicyEvaluator }[],
    path?: string,
  ) {
    this.threshold = implicitMetaThreshold(definition.rule, subPolicies.length);
    const over = subPolicies.map((entry) => `${entry.group}/${definition.subPolicy}`).join(', ');
    const rule = `${definition.rule} ${definition.subPolicy}`;
    this.description = `${path ? `${path} ` : ''}(${rule}: ${this.threshold} of [${over}])`;
  }

  evaluate(identities: readonly PolicyIdentity[]): boolean {
    let remaining = this.threshold;
    if (remaining === 0) {
      return true;
    }
    for (const { policy } of this.subPolicies) {
      if (policy.evaluate(identities)) {
        remaining -= 1;
        if (remaining === 0) {
          return true;
        }
      }
    }
    return false;
  }
}
