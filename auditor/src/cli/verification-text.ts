import type { TrustAnchor } from '../evidence/trust-anchor';
import type { VerificationOutcome } from '../evidence/verify-bundle';
import type { IdentitySummary } from '../evidence/verified-evidence';

function who(identity: IdentitySummary): string {
  return `${identity.mspId} (${identity.commonName})`;
}

function printable(value: Buffer): string {
  const text = value.toString('utf8');
  return /^[\x20-\x7e\s]*$/.test(text) ? text : `base64:${value.toString('base64')}`;
}

/** The outcome of `verify` for people. */
export function formatVerification(outcome: VerificationOutcome, anchor: TrustAnchor): string {
  if (!outcome.ok) return `REJECTED (${outcome.reason}): ${outcome.message.replace(/^[A-Z_]+: /, '')}\n`;
  const { evidence } = outcome;
  const { record, transaction } = evidence;
  const genesisNote = anchor.type === 'genesis' ? ' — trusted as the bundle carries it: compare this hash with your own record of block 0' : '';
  return [
    `VERIFIED: ${evidence.channel}/${record.namespace} ${record.keyDisplay} ${record.isDelete ? 'was deleted' : `= ${printable(record.value)}`}`,
    `  written by transaction ${transaction.txId} (block ${transaction.blockNumber}, tx ${transaction.txNumber}) at ${transaction.timestamp}`,
    `  submitted by ${who(transaction.creator)}; endorsed by ${transaction.endorsers.map(who).join(', ')}`,
    `  endorsement policy: ${evidence.endorsementPolicy.description} — ${evidence.endorsementPolicy.source}`,
    `  block signed by ${evidence.orderers.map(who).join(', ')}; channel config from block ${evidence.configBlock}`,
    `  header chain: blocks ${evidence.headerChain.first}-${evidence.headerChain.last}, anchored at block ${evidence.anchor.blockNumber} ${evidence.anchor.headerHash}${genesisNote}`,
    '',
  ].join('\n');
}
