import type { CallOptions } from '@grpc/grpc-js';
import { StatusCode, type Proposal, type ProposalOptions, type Status } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { FabricPhaseError, InvalidTransactionError, type FabricPhase } from './fabric-phase-error';
import { LedgerClient, type FabricObserver, type ProposalFactory } from './ledger-client';
import { backoffDelayMs } from './retry-policy';

const TIMEOUTS = { evaluateMs: 1_000, endorseMs: 2_000, submitMs: 3_000, commitStatusMs: 4_000 };

/**
 * A scripted stand-in for the peer behind fabric-gateway's Contract: each proposal commits with the
 * next validation code of the script. It records proposals and the deadlines each phase was given.
 */
class ScriptedPeer implements ProposalFactory {
  readonly proposals: { name: string; options: ProposalOptions | undefined; txId: string }[] = [];
  readonly deadlines: Partial<Record<FabricPhase, number>>[] = [];

  constructor(private readonly commitCodes: number[]) {}

  newProposal(name: string, options?: ProposalOptions): Proposal {
    const txId = `tx-${this.proposals.length + 1}`;
    this.proposals.push({ name, options, txId });
    const deadlines: Partial<Record<FabricPhase, number>> = {};
    this.deadlines.push(deadlines);
    const code = this.commitCodes.shift() ?? StatusCode.VALID;
    const deadlineOf = (callOptions?: CallOptions): number => Number(callOptions?.deadline);
    const result = new TextEncoder().encode(`{"n":${this.proposals.length}}`);
    const status: Status = { blockNumber: BigInt(this.proposals.length), code: code as Status['code'], successful: code === StatusCode.VALID, transactionId: txId };
    return {
      getTransactionId: () => txId,
      evaluate: async (callOptions?: CallOptions) => {
        deadlines.evaluate = deadlineOf(callOptions);
        return result;
      },
      endorse: async (callOptions?: CallOptions) => {
        deadlines.endorse = deadlineOf(callOptions);
        return {
          getResult: () => result,
          getTransactionId: () => txId,
          submit: async (submitOptions?: CallOptions) => {
            deadlines.submit = deadlineOf(submitOptions);
            return {
              getResult: () => result,
              getTransactionId: () => txId,
              getStatus: async (statusOptions?: CallOptions) => {
                deadlines.commit = deadlineOf(statusOptions);
                return status;
              },
            };
          },
        };
      },
    } as unknown as Proposal;
  }
}

class RecordingObserver implements FabricObserver {
  readonly phases: string[] = [];
  readonly resubmissions: string[] = [];
  phase(phase: FabricPhase, transaction: string, outcome: 'ok' | 'error'): void {
    this.phases.push(`${phase}:${transaction}:${outcome}`);
  }
  resubmission(transaction: string, validationCode: string): void {
    this.resubmissions.push(`${transaction}:${validationCode}`);
  }
}

function client(peer: ScriptedPeer, mvccRetries: number, observer = new RecordingObserver(), delays: number[] = []) {
  const ledger = new LedgerClient({
    contract: (name) => (name === 'vinaudit.lots' ? peer : new ScriptedPeer([])),
    timeouts: TIMEOUTS,
    retry: { mvccRetries, baseDelayMs: 40, maxDelayMs: 100 },
    observer,
    delay: async (ms) => void delays.push(ms),
    random: (maxExclusive) => maxExclusive - 1,
  });
  return { ledger, observer, delays };
}

const call = { contract: 'vinaudit.lots', transaction: 'UpdateLot', arguments: ['{"lotId":"a"}'] };

describe('LedgerClient', () => {
  it('submits, waits for the commit and returns the transaction, its block and result', async () => {
    const peer = new ScriptedPeer([StatusCode.VALID]);
    const { ledger, observer } = client(peer, 3);
    const before = Date.now();
    const committed = await ledger.submit({ ...call, transientData: { secret: new Uint8Array([1]) }, endorsingOrganizations: ['OemMSP', 'AuditMSP'] });
    expect(committed).to.deep.include({ txId: 'tx-1', blockNumber: 1n, attempts: 1 });
    expect(new TextDecoder().decode(committed.result)).to.equal('{"n":1}');
    expect(peer.proposals[0]).to.deep.include({ name: 'UpdateLot' });
    expect(peer.proposals[0]?.options).to.deep.equal({ arguments: ['{"lotId":"a"}'], transientData: { secret: new Uint8Array([1]) }, endorsingOrganizations: ['OemMSP', 'AuditMSP'] });
    expect(observer.phases).to.deep.equal(['endorse:vinaudit.lots:UpdateLot:ok', 'submit:vinaudit.lots:UpdateLot:ok', 'commit:vinaudit.lots:UpdateLot:ok']);
    // Each phase gets its own deadline.
    const deadlines = peer.deadlines[0] ?? {};
    expect((deadlines.endorse ?? 0) - before).to.be.within(TIMEOUTS.endorseMs - 50, TIMEOUTS.endorseMs + 500);
    expect((deadlines.submit ?? 0) - before).to.be.within(TIMEOUTS.submitMs - 50, TIMEOUTS.submitMs + 500);
    expect((deadlines.commit ?? 0) - before).to.be.within(TIMEOUTS.commitStatusMs - 50, TIMEOUTS.commitStatusMs + 500);
  });

  it('resubmits a read conflict as a new transaction, with backoff, until it commits', async () => {
    const peer = new ScriptedPeer([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT, StatusCode.VALID]);
    const { ledger, observer, delays } = client(peer, 3);
    const committed = await ledger.submit(call);
    expect(committed).to.deep.include({ txId: 'tx-3', attempts: 3, blockNumber: 3n });
    expect(peer.proposals.map((proposal) => proposal.txId)).to.deep.equal(['tx-1', 'tx-2', 'tx-3']);
    expect(observer.resubmissions).to.deep.equal(['vinaudit.lots:UpdateLot:MVCC_READ_CONFLICT', 'vinaudit.lots:UpdateLot:PHANTOM_READ_CONFLICT']);
    // Full jitter up to base × 2^(n-1), capped: the recorder's random picks the top of each range.
    expect(delays).to.deep.equal([40, 80]);
  });

  it('gives up after the configured resubmissions with the last conflict', async () => {
    const peer = new ScriptedPeer([StatusCode.MVCC_READ_CONFLICT, StatusCode.MVCC_READ_CONFLICT, StatusCode.MVCC_READ_CONFLICT]);
    const { ledger } = client(peer, 1);
    const error = await ledger.submit(call).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).to.be.instanceOf(FabricPhaseError);
    const failure = error as FabricPhaseError;
    expect([failure.phase, failure.txId, failure.attempts]).to.deep.equal(['commit', 'tx-2', 2]);
    expect((failure.cause as InvalidTransactionError).validationCodeName).to.equal('MVCC_READ_CONFLICT');
    expect(peer.proposals).to.have.length(2);
  });

  it('never resubmits other invalid transactions', async () => {
    const peer = new ScriptedPeer([StatusCode.ENDORSEMENT_POLICY_FAILURE]);
    const { ledger } = client(peer, 5);
    const failure = (await ledger.submit(call).catch((error: unknown) => error)) as FabricPhaseError;
    expect((failure.cause as InvalidTransactionError).validationCodeName).to.equal('ENDORSEMENT_POLICY_FAILURE');
    expect(peer.proposals).to.have.length(1);
  });

  it('reports the phase a call failed in', async () => {
    const failing: ProposalFactory = {
      newProposal: () =>
        ({
          getTransactionId: () => 'tx-x',
          endorse: async () => Promise.reject(new Error('endorsement refused')),
          evaluate: async () => Promise.reject(new Error('peer down')),
        }) as unknown as Proposal,
    };
    const observer = new RecordingObserver();
    const ledger = new LedgerClient({ contract: () => failing, timeouts: TIMEOUTS, retry: { mvccRetries: 3, baseDelayMs: 1, maxDelayMs: 1 }, observer });
    const endorse = (await ledger.submit(call).catch((error: unknown) => error)) as FabricPhaseError;
    expect([endorse.phase, endorse.txId, (endorse.cause as Error).message]).to.deep.equal(['endorse', 'tx-x', 'endorsement refused']);
    const evaluate = (await ledger.evaluate(call).catch((error: unknown) => error)) as FabricPhaseError;
    expect(evaluate.phase).to.equal('evaluate');
    expect(observer.phases).to.deep.equal(['endorse:vinaudit.lots:UpdateLot:error', 'evaluate:vinaudit.lots:UpdateLot:error']);
  });

  it('evaluates with the evaluate deadline', async () => {
    const peer = new ScriptedPeer([]);
    const { ledger } = client(peer, 0);
    const before = Date.now();
    expect(new TextDecoder().decode(await ledger.evaluate(call))).to.equal('{"n":1}');
    expect((peer.deadlines[0]?.evaluate ?? 0) - before).to.be.within(TIMEOUTS.evaluateMs - 50, TIMEOUTS.evaluateMs + 500);
  });
});

describe('backoffDelayMs', () => {
  it('draws up to base × 2^(attempt-1), capped at the maximum', () => {
    const policy = { mvccRetries: 5, baseDelayMs: 50, maxDelayMs: 300 };
    const top = (maxExclusive: number): number => maxExclusive - 1;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(policy, attempt, top))).to.deep.equal([50, 100, 200, 300, 300]);
    expect(backoffDelayMs(policy, 3, () => 0)).to.equal(0);
    expect(backoffDelayMs({ ...policy, baseDelayMs: 0 }, 3)).to.equal(0);
    for (let attempt = 1; attempt <= 6; attempt += 1) expect(backoffDelayMs(policy, attempt)).to.be.within(0, 300);
  });
});
