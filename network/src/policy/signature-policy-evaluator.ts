import { common } from '@hyperledger/fabric-protos';
import { PolicyDefinitionError } from './errors';
import { decodeRolePrincipal, formatPrincipal, type RolePrincipal } from './principal';
import { deduplicateIdentities, type PolicyEvaluator, type PolicyIdentity } from './policy-identity';
import { signaturePolicyFromString } from './signature-policy-builder';

type CompiledRule = (identities: readonly PolicyIdentity[], used: boolean[]) => boolean;

/**
 * Evaluates a common.SignaturePolicyEnvelope with the semantics of Fabric's common/cauthdsl:
 * identities are de-duplicated, each identity satisfies at most one signed_by leaf (the "used"
 * bookkeeping), an n_out_of gate evaluates every rule on a copy of the used flags and keeps the
 * copy only when the rule is satisfied. A ROLE principal is met by an identity of that MSP with
 * that role ('member': any valid identity of the MSP). Principals of other classifications
 * (IDENTITY, ORGANIZATION_UNIT, ...) are never met here.
 */
export class SignaturePolicyEvaluator implements PolicyEvaluator {
  readonly description: string;
  private readonly rule: CompiledRule;

  constructor(readonly envelope: common.SignaturePolicyEnvelope, description?: string) {
    if (envelope.getVersion() !== 0) {
      throw new PolicyDefinitionError(`signature policy version ${envelope.getVersion()} is not supported (only 0)`);
    }
    const rule = envelope.getRule();
    if (!rule) {
      throw new PolicyDefinitionError('signature policy has no rule');
    }
    const principals = envelope.getIdentitiesList().map((principal) => decodeRolePrincipal(principal));
    this.rule = compile(rule, principals);
    this.description = description ?? describeRule(rule, principals);
  }

  static fromString(expression: string): SignaturePolicyEvaluator {
    return new SignaturePolicyEvaluator(signaturePolicyFromString(expression), expression);
  }

  /** From serialized bytes, e.g. a key's VALIDATION_PARAMETER written by fabric-shim's KeyEndorsementPolicy. */
  static fromBytes(bytes: Uint8Array): SignaturePolicyEvaluator {
    let envelope: common.SignaturePolicyEnvelope;
    try {
      envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
    } catch (error) {
      throw new PolicyDefinitionError(`not a SignaturePolicyEnvelope: ${(error as Error).message}`);
    }
    return new SignaturePolicyEvaluator(envelope);
  }

  evaluate(identities: readonly PolicyIdentity[]): boolean {
    const unique = deduplicateIdentities(identities);
    return this.rule(unique, new Array<boolean>(unique.length).fill(false));
  }
}

/** Compiled evaluators of serialized policies, for key-level policies read on every validation. */
export class SignaturePolicyCache {
  private readonly compiled = new Map<string, SignaturePolicyEvaluator>();

  constructor(private readonly capacity = 1024) {}

  get(bytes: Uint8Array): SignaturePolicyEvaluator {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let evaluator = this.compiled.get(key);
    if (!evaluator) {
      evaluator = SignaturePolicyEvaluator.fromBytes(bytes);
      if (this.compiled.size >= this.capacity) {
        const oldest = this.compiled.keys().next();
        if (!oldest.done) {
          this.compiled.delete(oldest.value);
        }
      }
      this.compiled.set(key, evaluator);
    }
    return evaluator;
  }
}

function compile(policy: common.SignaturePolicy, principals: readonly (RolePrincipal | undefined)[]): CompiledRule {
  switch (policy.getTypeCase()) {
    case common.SignaturePolicy.TypeCase.N_OUT_OF: {
      const gate = policy.getNOutOf();
      const n = gate?.getN() ?? 0;
      const rules = (gate?.getRulesList() ?? []).map((rule) => compile(rule, principals));
      return (identities, used) => {
        let satisfied = 0;
        const attempt = new Array<boolean>(used.length);
        for (const rule of rules) {
          copyInto(used, attempt);
          if (rule(identities, attempt)) {
            satisfied += 1;
            copyInto(attempt, used);
          }
        }
        return satisfied >= n;
      };
    }
    case common.SignaturePolicy.TypeCase.SIGNED_BY: {
      const index = policy.getSignedBy();
      if (index < 0 || index >= principals.length) {
        throw new PolicyDefinitionError(`identity index out of range, requested ${index}, but identities length is ${principals.length}`);
      }
      const principal = principals[index];
      if (!principal) {
        return () => false;
      }
      return (identities, used) => {
        for (let i = 0; i < identities.length; i += 1) {
          const identity = identities[i];
          if (!used[i] && identity && identity.mspId === principal.mspId && identity.hasRole(principal.role)) {
            used[i] = true;
            return true;
          }
        }
        return false;
      };
    }
    default:
      throw new PolicyDefinitionError('signature policy element has neither signed_by nor n_out_of');
  }
}

function copyInto(from: readonly boolean[], to: boolean[]): void {
  for (let i = 0; i < from.length; i += 1) {
    to[i] = from[i] ?? false;
  }
}

/** Renders a rule back into the policy language (AND/OR where they fit, OutOf otherwise). */
function describeRule(policy: common.SignaturePolicy, principals: readonly (RolePrincipal | undefined)[]): string {
  if (policy.getTypeCase() === common.SignaturePolicy.TypeCase.SIGNED_BY) {
    const principal = principals[policy.getSignedBy()];
    return principal ? formatPrincipal(principal) : `<principal ${policy.getSignedBy()}>`;
  }
  const gate = policy.getNOutOf();
  const rules = gate?.getRulesList() ?? [];
  const n = gate?.getN() ?? 0;
  const parts = rules.map((rule) => describeRule(rule, principals)).join(', ');
  if (n === rules.length && n > 1) {
    return `AND(${parts})`;
  }
  if (n === 1) {
    return `OR(${parts})`;
  }
  return `OutOf(${n}, ${parts})`;
}
