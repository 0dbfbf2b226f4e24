/**
 * The chaincode endorsement policy and where it comes from. On Fabric 2.5 the chaincode definition
 * committed through _lifecycle holds it (ValidationInfo field: ChaincodeValidationInfo with an
 * ApplicationPolicy), and every invoke reads the definition's Sequence key, so the version of that
 * read names the transaction that committed the definition in force. A ledger without a _lifecycle
 * definition (the embedded dev network) applies the chaincode's configured policy, Fabric's default
 * being /Channel/Application/Endorsement (MAJORITY Endorsement).
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { PolicyEvaluator } from '@mobility-ledger/network/dist/policy/policy-identity';
import { SignaturePolicyEvaluator } from '@mobility-ledger/network/dist/policy/signature-policy-evaluator';
import type { ChaincodeActionInfo, Version } from '@mobility-ledger/network/dist/protoutil/transaction';
import type { ChannelTrust } from './channel-trust';
import { reject } from './verification-error';

export const DEFAULT_ENDORSEMENT_POLICY = '/Channel/Application/Endorsement';
export const LIFECYCLE_NAMESPACE = '_lifecycle';

export type PolicyStatement = { readonly type: 'reference'; readonly path: string } | { readonly type: 'signature'; readonly policyBase64: string };

export function sequenceKey(chaincode: string): string {
  return `namespaces/fields/${chaincode}/Sequence`;
}

export function validationInfoKey(chaincode: string): string {
  return `namespaces/fields/${chaincode}/ValidationInfo`;
}

export function samePolicyStatement(a: PolicyStatement, b: PolicyStatement): boolean {
  return a.type === 'reference' ? b.type === 'reference' && a.path === b.path : b.type === 'signature' && a.policyBase64 === b.policyBase64;
}

/** common.ApplicationPolicy bytes (a chaincode definition's validation parameter) as a statement. */
export function statementFromApplicationPolicy(bytes: Uint8Array): PolicyStatement {
  const policy = common.ApplicationPolicy.deserializeBinary(bytes);
  if (policy.getTypeCase() === common.ApplicationPolicy.TypeCase.CHANNEL_CONFIG_POLICY_REFERENCE) {
    return { type: 'reference', path: policy.getChannelConfigPolicyReference() };
  }
  const signature = policy.getSignaturePolicy();
  if (!signature) return reject('ENDORSEMENT_POLICY', 'application policy is neither a reference nor a signature policy');
  return { type: 'signature', policyBase64: Buffer.from(signature.serializeBinary()).toString('base64') };
}

export function policyEvaluator(statement: PolicyStatement, trust: ChannelTrust): PolicyEvaluator {
  if (statement.type === 'signature') return SignaturePolicyEvaluator.fromBytes(Buffer.from(statement.policyBase64, 'base64'));
  if (!trust.policies.has(statement.path)) reject('ENDORSEMENT_POLICY', `the channel config has no policy at ${statement.path}`);
  return trust.policies.get(statement.path);
}

export type DefinitionRead =
  /** The transaction read the committed definition's Sequence written at this version. */
  | { readonly kind: 'committed'; readonly version: Version }
  /** It read the key and found no definition (a ledger without _lifecycle state). */
  | { readonly kind: 'absent' }
  /** It did not read the definition at all. */
  | { readonly kind: 'not-read' };

export function definitionReadOf(action: ChaincodeActionInfo, chaincode: string): DefinitionRead {
  const key = sequenceKey(chaincode);
  for (const ns of action.rwset.nsRwSets) {
    if (ns.namespace !== LIFECYCLE_NAMESPACE) continue;
    const read = ns.kvRwSet.reads.find((candidate) => candidate.key === key);
    if (read) return read.version ? { kind: 'committed', version: read.version } : { kind: 'absent' };
  }
  return { kind: 'not-read' };
}

/** The endorsement policy a lifecycle commit transaction wrote for the chaincode, if it wrote one. */
export function committedPolicyOf(action: ChaincodeActionInfo, chaincode: string): PolicyStatement | undefined {
  const key = validationInfoKey(chaincode);
  for (const ns of action.rwset.nsRwSets) {
    if (ns.namespace !== LIFECYCLE_NAMESPACE) continue;
    const write = ns.kvRwSet.writes.find((candidate) => candidate.key === key);
    if (!write) continue;
    const data = peer.lifecycle.StateData.deserializeBinary(write.value);
    const info = peer.lifecycle.ChaincodeValidationInfo.deserializeBinary(data.getBytes_asU8());
    return statementFromApplicationPolicy(info.getValidationParameter_asU8());
  }
  return undefined;
}

export function describePolicyStatement(statement: PolicyStatement): string {
  return statement.type === 'reference' ? statement.path : SignaturePolicyEvaluator.fromBytes(Buffer.from(statement.policyBase64, 'base64')).description;
}
