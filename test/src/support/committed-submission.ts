import type { Contract, ProposalOptions, Status } from '@hyperledger/fabric-gateway';

const utf8 = new TextDecoder();

export interface CommittedTransaction {
  /** The chaincode's response, decoded as UTF-8 (the contracts return canonical JSON). */
  readonly result: string;
  readonly transactionId: string;
  /** The commit status as the peer reports it: valid or the validation code it failed with. */
  readonly status: Status;
}

/**
 * Endorses, submits and waits for the commit status, returning it whatever the validation code, so
 * a test can assert on invalid transactions too (submitTransaction would throw a CommitError).
 * Endorsement failures (chaincode errors) still throw.
 */
export async function submitAndCommit(contract: Contract, transactionName: string, options: ProposalOptions = {}): Promise<CommittedTransaction> {
  const submitted = await contract.submitAsync(transactionName, options);
  const status = await submitted.getStatus();
  return { result: utf8.decode(submitted.getResult()), transactionId: submitted.getTransactionId(), status };
}

/** Like submitAndCommit, but fails unless the transaction committed as valid. */
export async function submitValid(contract: Contract, transactionName: string, options: ProposalOptions = {}): Promise<CommittedTransaction> {
  const committed = await submitAndCommit(contract, transactionName, options);
  if (!committed.status.successful) {
    throw new Error(`${transactionName} (${committed.transactionId}) committed with validation code ${committed.status.code}`);
  }
  return committed;
}
