import { signaturePolicyBytes } from '@mobility-ledger/network/dist/policy/signature-policy-builder';
import type { PolicyStatement } from '../evidence/endorsement-policy';

/** `--policy`: a channel policy path (/Channel/Application/Endorsement) or a signature policy expression. */
export function policyStatementOf(text: string): PolicyStatement {
  const trimmed = text.trim();
  if (trimmed.startsWith('/')) return { type: 'reference', path: trimmed };
  return { type: 'signature', policyBase64: Buffer.from(signaturePolicyBytes(trimmed)).toString('base64') };
}
