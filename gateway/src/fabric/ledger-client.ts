import { StatusCode, type Proposal, type ProposalOptions } from '@hyperledger/fabric-gateway';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayConfig } from '../config/gateway-config';
import { FabricPhaseError, InvalidTransactionError, type FabricPhase } from './fabric-phase-error';
import { RETRYABLE_VALIDATION_CODES, backoffDelayMs, type RetryPolicy } from './retry-policy';

/** One chaincode call: `contract:transaction` with plain string arguments and transient entries. */
export interface LedgerCall {
  readonly contract: string;
  readonly transaction: string;
  readonly arguments: readonly string[];
  readonly transientData?: Readonly<Record<string, Uint8Array>>;
  readonly endorsingOrganizations?: readonly string[];
}

export interface CommittedTransaction {
  readonly txId: string;
  readonly blockNumber: bigint;
  readonly result: Uint8Array;
  /** 1 unless read conflicts made the gateway resubmit. */
  readonly attempts: number;
}

/** Metrics hook: each phase's duration and outcome, and each resubmission. */
export interface FabricObserver {
  phase(phase: FabricPhase, transaction: string, outcome: 'ok' | 'error', seconds: number): void;
  resubmission(transaction: string, validationCode: string): void;
}

/** What the ledger client needs of a fabric-gateway Contract. */
export interface ProposalFactory {
  newProposal(transactionName: string, options?: ProposalOptions): Proposal;
}

export interface LedgerClientOptions {
  readonly contract: (name: string) => ProposalFactory;
  readonly timeouts: GatewayConfig['timeouts'];
  readonly retry: RetryPolicy;
  readonly observer?: FabricObserver;
  /** Waits between resubmissions (tests pass a recorder). */
  readonly delay?: (ms: number) => Promise<unknown>;
  readonly random?: (maxExclusive: number) => number;
}

const VALIDATION_CODE_NAMES = new Map<number, string>(Object.entries(StatusCode).map(([name, code]) => [code as number, name]));

export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `CODE_${code}`;
}

/**
 * Evaluates and submits chaincode transactions through fabric-gateway with a deadline per phase
 * (evaluate, endorse, submit, commit status), and resubmits a transaction that committed with a
 * read conflict — as a new proposal, so with a new transaction ID — a bounded number of times.
 */
export class LedgerClient {
  constructor(private readonly options: LedgerClientOptions) {}

  async evaluate(call: LedgerCall): Promise<Uint8Array> {
    const proposal = this.propose(call);
    return this.timed('evaluate', call, proposal.getTransactionId(), 1, () => proposal.evaluate({ deadline: this.deadline('evaluateMs') }));
  }

  async submit(call: LedgerCall): Promise<CommittedTransaction> {
    const { retry, observer } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const proposal = this.propose(call);
      const txId = proposal.getTransactionId();
      const transaction = await this.timed('endorse', call, txId, attempt, () => proposal.endorse({ deadline: this.deadline('endorseMs') }));
      const submitted = await this.timed('submit', call, txId, attempt, () => transaction.submit({ deadline: this.deadline('submitMs') }));
      const status = await this.timed('commit', call, txId, attempt, () => submitted.getStatus({ deadline: this.deadline('commitStatusMs') }));
      if (status.successful) return { txId, blockNumber: status.blockNumber, result: transaction.getResult(), attempts: attempt };
      const invalid = new InvalidTransactionError(txId, status.code, validationCodeName(status.code), status.blockNumber);
      if (!RETRYABLE_VALIDATION_CODES.has(status.code) || attempt > retry.mvccRetries) {
        throw new FabricPhaseError('commit', invalid, txId, attempt);
      }
      observer?.resubmission(label(call), invalid.validationCodeName);
      await (this.options.delay ?? sleep)(backoffDelayMs(retry, attempt, this.options.random));
    }
  }

  private propose(call: LedgerCall): Proposal {
    return this.options.contract(call.contract).newProposal(call.transaction, {
      arguments: [...call.arguments],
      ...(call.transientData ? { transientData: { ...call.transientData } } : {}),
      ...(call.endorsingOrganizations ? { endorsingOrganizations: [...call.endorsingOrganizations] } : {}),
    });
  }

  private deadline(phase: keyof GatewayConfig['timeouts']): number {
    return Date.now() + this.options.timeouts[phase];
  }

  private async timed<T>(phase: FabricPhase, call: LedgerCall, txId: string, attempts: number, run: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const value = await run();
      this.options.observer?.phase(phase, label(call), 'ok', seconds());
      return value;
    } catch (error) {
      this.options.observer?.phase(phase, label(call), 'error', seconds());
      throw new FabricPhaseError(phase, error, txId, attempts);
    }
  }
}

function label(call: LedgerCall): string {
  return `${call.contract}:${call.transaction}`;
}
