/**
 * Policy evaluators built from a channel config tree (not from the consortium definition), so blocks
 * of any Fabric channel can be checked: signature policies as they are, implicit meta policies over
 * the same-named policy of each sub-group (Fabric's ImplicitMetaPolicy), a missing sub-policy
 * counting as one that always rejects.
 */
import type { common } from '@hyperledger/fabric-protos';
import { policyAt } from '@mobility-ledger/network/dist/orderer/config-block-reader';
import { ImplicitMetaPolicyEvaluator } from '@mobility-ledger/network/dist/policy/implicit-meta';
import type { PolicyEvaluator } from '@mobility-ledger/network/dist/policy/policy-identity';
import { SignaturePolicyEvaluator } from '@mobility-ledger/network/dist/policy/signature-policy-evaluator';
import { groupNames } from './channel-msps';
import { reject } from './verification-error';

function groupAt(config: common.Config, segments: readonly string[]): common.ConfigGroup | undefined {
  let group = config.getChannelGroup();
  for (const name of segments.slice(1)) group = group?.getGroupsMap().get(name);
  return group;
}

function hasPolicy(config: common.Config, path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  return groupAt(config, segments.slice(0, -1))?.getPoliciesMap().get(segments[segments.length - 1] ?? '') !== undefined;
}

export class ConfigPolicies {
  private readonly cache = new Map<string, PolicyEvaluator>();

  constructor(private readonly config: common.Config) {}

  /** The policy at an absolute path such as /Channel/Application/Endorsement. */
  get(path: string): PolicyEvaluator {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const evaluator = this.build(path);
    this.cache.set(path, evaluator);
    return evaluator;
  }

  has(path: string): boolean {
    return hasPolicy(this.config, path);
  }

  private build(path: string): PolicyEvaluator {
    let policy: ReturnType<typeof policyAt>;
    try {
      policy = policyAt(this.config, path);
    } catch (error) {
      return reject('CONFIG', (error as Error).message);
    }
    if (policy.type === 'signature') return new SignaturePolicyEvaluator(policy.envelope);
    const segments = path.split('/').filter(Boolean);
    const groupSegments = segments.slice(0, -1);
    const groupPath = `/${groupSegments.join('/')}`;
    const subPolicies = groupNames(groupAt(this.config, groupSegments)).map((child) => {
      const childPath = `${groupPath}/${child}/${policy.subPolicy}`;
      return { group: child, policy: hasPolicy(this.config, childPath) ? this.get(childPath) : alwaysRejects(childPath) };
    });
    return new ImplicitMetaPolicyEvaluator({ rule: policy.rule, subPolicy: policy.subPolicy }, subPolicies, path);
  }
}

function alwaysRejects(path: string): PolicyEvaluator {
  return { description: `${path} (undefined: always rejects)`, evaluate: () => false };
}
