import { peer } from '@hyperledger/fabric-protos';
import { performance } from 'node:perf_hooks';
import type { GatewayPool } from './gateway-pool';
import type { TxOutcome, TxSample, WorkItem } from './work-item';

const utf8 = new TextDecoder();

const VALIDATION_CODE_NAMES = new Map<number, string>(Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]));

/**
 * Submits one transaction the way `contract.submitAsync()` then `getStatus()` does (the same three
 * gateway calls: Endorse, Submit, CommitStatus), timing each step.
 */
export async function runTransaction(pool: GatewayPool, item: WorkItem, scheduledMs?: number): Promise<TxSample> {
  const connection = pool.next(item.org);
  const startMs = performance.now();
  let endorsedMs: number | undefined;
  let submittedMs: number | undefined;
  let step: TxOutcome = 'endorse-error';
  try {
    const proposal = connection.contract.newProposal(item.kind, {
      arguments: [...item.args],
      ...(item.transient ? { transientData: { ...item.transient } } : {}),
      ...(item.endorsingOrganizations ? { endorsingOrganizations: [...item.endorsingOrganizations] } : {}),
    });
    const transaction = await proposal.endorse();
    endorsedMs = performance.now();
    step = 'submit-error';
    const submitted = await transaction.submit();
    submittedMs = performance.now();
    step = 'status-error';
    const status = await submitted.getStatus();
    const doneMs = performance.now();
    const outcome = status.successful ? 'VALID' : (VALIDATION_CODE_NAMES.get(status.code) ?? `code-${status.code}`);
    return { kind: item.kind, org: item.org, scheduledMs: scheduledMs ?? startMs, startMs, endorsedMs, submittedMs, doneMs, outcome, resultOk: resultMatches(item, transaction.getResult()) };
  } catch (error) {
    return {
      kind: item.kind,
      org: item.org,
      scheduledMs: scheduledMs ?? startMs,
      startMs,
      endorsedMs,
      submittedMs,
      doneMs: performance.now(),
      outcome: step,
      resultOk: false,
      message: describeError(error),
    };
  }
}

function resultMatches(item: WorkItem, result: Uint8Array): boolean {
  try {
    return item.expect(JSON.parse(utf8.decode(result)));
  } catch {
    return false;
  }
}

/** The gateway error's own message plus the peers' details, which carry the chaincode's error. */
function describeError(error: unknown): string {
  const base = error instanceof Error ? error.message : String(error);
  const details = (error as { details?: { message?: string }[] }).details;
  const first = Array.isArray(details) ? details.find((detail) => detail.message)?.message : undefined;
  return (first ? `${base} | ${first}` : base).slice(0, 300);
}
