import { common, type msp } from '@hyperledger/fabric-protos';
import { rolePrincipal } from './principal';
import { parseSignaturePolicy, type GateNode, type PolicyNode } from './signature-policy-parser';

/**
 * Turns a parsed policy into common.SignaturePolicyEnvelope exactly as Fabric's
 * policydsl.FromString does, so the bytes match:
 *  - version 0, AND/OR/OutOf all become n_out_of;
 *  - every principal occurrence gets its own identity entry (policydsl does not de-duplicate);
 *  - identities are numbered in evaluation order: a gate's nested gates first (left to right),
 *    then the gate's own principals (left to right), because policydsl evaluates a call's
 *    arguments, nested calls included, before the call itself.
 */
export function signaturePolicyFromString(expression: string): common.SignaturePolicyEnvelope {
  return buildEnvelope(parseSignaturePolicy(expression));
}

/** Serialized common.SignaturePolicyEnvelope for a policy expression. */
export function signaturePolicyBytes(expression: string): Uint8Array {
  return signaturePolicyFromString(expression).serializeBinary();
}

export function buildEnvelope(root: GateNode): common.SignaturePolicyEnvelope {
  const identities: msp.MSPPrincipal[] = [];
  const rule = buildGate(root, identities);
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(rule);
  envelope.setIdentitiesList(identities);
  return envelope;
}

export function signedBy(index: number): common.SignaturePolicy {
  const policy = new common.SignaturePolicy();
  policy.setSignedBy(index);
  return policy;
}

export function nOutOf(n: number, rules: readonly common.SignaturePolicy[]): common.SignaturePolicy {
  const gate = new common.SignaturePolicy.NOutOf();
  gate.setN(n);
  gate.setRulesList([...rules]);
  const policy = new common.SignaturePolicy();
  policy.setNOutOf(gate);
  return policy;
}

function buildGate(gate: GateNode, identities: msp.MSPPrincipal[]): common.SignaturePolicy {
  const nested = new Map<PolicyNode, common.SignaturePolicy>();
  for (const child of gate.children) {
    if (child.kind === 'gate') {
      nested.set(child, buildGate(child, identities));
    }
  }
  const rules = gate.children.map((child) => {
    if (child.kind === 'gate') {
      return nested.get(child) ?? nOutOf(child.threshold, []);
    }
    identities.push(rolePrincipal(child));
    return signedBy(identities.length - 1);
  });
  return nOutOf(gate.threshold, rules);
}
