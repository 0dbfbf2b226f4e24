import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import { PolicyDefinitionError } from './errors';
import { ImplicitMetaPolicyEvaluator, parseImplicitMeta } from './implicit-meta';
import type { PolicyEvaluator } from './policy-identity';
import { SignaturePolicyEvaluator } from './signature-policy-evaluator';

/**
 * The channel's policy tree as Fabric test-network's configtx.yaml defines it, with each org's
 * group named after its MSP ID:
 *   /Channel/Application/<MSP>/{Readers,Writers,Admins,Endorsement}   signature policies
 *   /Channel/Application/{Readers,Writers,Admins,Endorsement,LifecycleEndorsement}
 *   /Channel/Orderer/<MSP>/{Readers,Writers,Admins}
 *   /Channel/Orderer/{Readers,Writers,Admins,BlockValidation}
 *   /Channel/{Readers,Writers,Admins}                                  implicit meta over groups
 */

export function peerOrgPolicies(mspId: string): Record<string, string> {
  return {
    Readers: `OR('${mspId}.admin', '${mspId}.peer', '${mspId}.client')`,
    Writers: `OR('${mspId}.admin', '${mspId}.client')`,
    Admins: `OR('${mspId}.admin')`,
    Endorsement: `OR('${mspId}.peer')`,
  };
}

export function ordererOrgPolicies(mspId: string): Record<string, string> {
  return {
    Readers: `OR('${mspId}.member')`,
    Writers: `OR('${mspId}.member')`,
    Admins: `OR('${mspId}.admin')`,
  };
}

export const APPLICATION_POLICIES: Readonly<Record<string, string>> = {
  Readers: 'ANY Readers',
  Writers: 'ANY Writers',
  Admins: 'MAJORITY Admins',
  LifecycleEndorsement: 'MAJORITY Endorsement',
  Endorsement: 'MAJORITY Endorsement',
};

export const ORDERER_POLICIES: Readonly<Record<string, string>> = {
  Readers: 'ANY Readers',
  Writers: 'ANY Writers',
  Admins: 'MAJORITY Admins',
  BlockValidation: 'ANY Writers',
};

export const CHANNEL_POLICIES: Readonly<Record<string, string>> = {
  Readers: 'ANY Readers',
  Writers: 'ANY Writers',
  Admins: 'MAJORITY Admins',
};

interface Group {
  readonly name: string;
  readonly policies: Map<string, PolicyEvaluator>;
}

export class ChannelPolicies {
  private readonly byPath = new Map<string, PolicyEvaluator>();

  constructor(definition: ConsortiumDefinition = consortium) {
    const application = this.metaGroup(
      '/Channel/Application',
      'Application',
      definition.peerOrgs.map((org) => this.signatureGroup(`/Channel/Application/${org.mspId}`, org.mspId, peerOrgPolicies(org.mspId))),
      APPLICATION_POLICIES,
    );
    const ordererMsp = definition.ordererOrg.mspId;
    const orderer = this.metaGroup(
      '/Channel/Orderer',
      'Orderer',
      [this.signatureGroup(`/Channel/Orderer/${ordererMsp}`, ordererMsp, ordererOrgPolicies(ordererMsp))],
      ORDERER_POLICIES,
    );
    this.metaGroup('/Channel', 'Channel', [application, orderer], CHANNEL_POLICIES);
  }

  /** The policy at an absolute path such as /Channel/Application/Endorsement. */
  get(path: string): PolicyEvaluator {
    const policy = this.byPath.get(path);
    if (!policy) {
      throw new PolicyDefinitionError(`no channel policy at '${path}'; known: ${[...this.byPath.keys()].join(', ')}`);
    }
    return policy;
  }

  get paths(): string[] {
    return [...this.byPath.keys()];
  }

  private signatureGroup(path: string, name: string, rules: Record<string, string>): Group {
    const policies = new Map<string, PolicyEvaluator>();
    for (const [policyName, expression] of Object.entries(rules)) {
      const policy = SignaturePolicyEvaluator.fromString(expression);
      policies.set(policyName, policy);
      this.byPath.set(`${path}/${policyName}`, policy);
    }
    return { name, policies };
  }

  private metaGroup(path: string, name: string, children: readonly Group[], rules: Readonly<Record<string, string>>): Group {
    const policies = new Map<string, PolicyEvaluator>();
    for (const [policyName, text] of Object.entries(rules)) {
      const definition = parseImplicitMeta(text);
      // A child without the sub-policy still counts, as a policy that always rejects (Fabric's rejectPolicy).
      const subPolicies = children.map((child) => ({
        group: child.name,
        policy: child.policies.get(definition.subPolicy) ?? rejectPolicy(`${path}/${child.name}/${definition.subPolicy}`),
      }));
      const policy = new ImplicitMetaPolicyEvaluator(definition, subPolicies, `${path}/${policyName}`);
      policies.set(policyName, policy);
      this.byPath.set(`${path}/${policyName}`, policy);
    }
    return { name, policies };
  }
}

function rejectPolicy(path: string): PolicyEvaluator {
  return { description: `${path} (undefined: always rejects)`, evaluate: () => false };
}
