/**
 * Channel config policies as configtxgen encodes them: signature policies in the shape
 * common/policydsl produces for OR('Org.role', ...), and implicit meta policies ("ANY Readers").
 */
import { common, msp } from '@hyperledger/fabric-protos';

export type PrincipalRole = 'member' | 'admin' | 'client' | 'peer' | 'orderer';

const ROLE_CODES: Record<PrincipalRole, msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap]> = {
  member: msp.MSPRole.MSPRoleType.MEMBER,
  admin: msp.MSPRole.MSPRoleType.ADMIN,
  client: msp.MSPRole.MSPRoleType.CLIENT,
  peer: msp.MSPRole.MSPRoleType.PEER,
  orderer: msp.MSPRole.MSPRoleType.ORDERER,
};

export type ImplicitMetaRule = 'ANY' | 'ALL' | 'MAJORITY';

const RULE_CODES: Record<ImplicitMetaRule, common.ImplicitMetaPolicy.RuleMap[keyof common.ImplicitMetaPolicy.RuleMap]> = {
  ANY: common.ImplicitMetaPolicy.Rule.ANY,
  ALL: common.ImplicitMetaPolicy.Rule.ALL,
  MAJORITY: common.ImplicitMetaPolicy.Rule.MAJORITY,
};

function rolePrincipal(mspId: string, role: PrincipalRole): msp.MSPPrincipal {
  const mspRole = new msp.MSPRole();
  mspRole.setMspIdentifier(mspId);
  mspRole.setRole(ROLE_CODES[role]);
  const principal = new msp.MSPPrincipal();
  principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  principal.setPrincipal(mspRole.serializeBinary());
  return principal;
}

/**
 * OR('<mspId>.<role>', ...): one identity per listed role, in order and not deduplicated
 * (as policydsl does), under a 1-out-of-n gate.
 */
export function anyRoleOf(mspId: string, roles: readonly PrincipalRole[]): common.SignaturePolicyEnvelope {
  if (roles.length === 0) throw new RangeError('a signature policy needs at least one principal');
  const rules = roles.map((_, index) => {
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(index);
    return rule;
  });
  const gate = new common.SignaturePolicy.NOutOf();
  gate.setN(1);
  gate.setRulesList(rules);
  const root = new common.SignaturePolicy();
  root.setNOutOf(gate);
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(root);
  envelope.setIdentitiesList(roles.map((role) => rolePrincipal(mspId, role)));
  return envelope;
}

export function implicitMeta(rule: ImplicitMetaRule, subPolicy: string): common.ImplicitMetaPolicy {
  const policy = new common.ImplicitMetaPolicy();
  policy.setRule(RULE_CODES[rule]);
  policy.setSubPolicy(subPolicy);
  return policy;
}

/** A ConfigPolicy entry with mod_policy "Admins", as configtxgen writes every policy. */
export function configPolicy(policy: common.SignaturePolicyEnvelope | common.ImplicitMetaPolicy, modPolicy = 'Admins'): common.ConfigPolicy {
  const wrapped = new common.Policy();
  wrapped.setType(policy instanceof common.ImplicitMetaPolicy ? common.Policy.PolicyType.IMPLICIT_META : common.Policy.PolicyType.SIGNATURE);
  wrapped.setValue(policy.serializeBinary());
  const entry = new common.ConfigPolicy();
  entry.setPolicy(wrapped);
  entry.setModPolicy(modPolicy);
  return entry;
}
