import { peer } from '@hyperledger/fabric-protos';
import type { ClientConnection } from './fabric-client';
import { submitRegistration } from './device-registration';

const MAX_ERRORS = 5;

/** A registration whose commit status the network reported as VALID. */
export interface CommittedRegistration {
  readonly txId: string;
  readonly mspId: string;
  readonly address: string;
  readonly blockNumber: number;
  /** Serialized commit-status request, to ask for the status again later (Gateway.newCommit). */
  readonly commitBytes: Uint8Array;
}

export interface LoadWorker {
  readonly mspId: string;
  readonly connection: ClientConnection;
}

export interface LoadResult {
  readonly committed: CommittedRegistration[];
  /** Registrations that committed with a code other than VALID (none are expected: every device is new). */
  readonly invalid: { txId: string; code: number }[];
  /** Failures seen before the load was interrupted. */
  readonly errors: Error[];
  /** From the first submission until the interruption. */
  readonly elapsedMs: number;
}

/**
 * Closed-loop write load: each worker registers one new device at a time (submitAsync, then waits for its
 * commit status) until `interruptAfter` commits were reported VALID; then `interrupt` runs (e.g. SIGKILL
 * of the network) and the workers stop, their in-flight calls failing.
 */
export async function runRegistrationLoad(
  workers: readonly LoadWorker[],
  interruptAfter: number,
  interrupt: () => Promise<void>,
): Promise<LoadResult> {
  const committed: CommittedRegistration[] = [];
  const invalid: { txId: string; code: number }[] = [];
  const errors: Error[] = [];
  const started = performance.now();
  let elapsedMs = 0;
  let interrupting: Promise<void> | undefined;

  const interruptOnce = (): Promise<void> => {
    if (!interrupting) {
      elapsedMs = performance.now() - started;
      interrupting = interrupt();
    }
    return interrupting;
  };

  const work = async ({ mspId, connection }: LoadWorker): Promise<void> => {
    const contract = connection.contract();
    while (!interrupting) {
      try {
        const { address, submitted } = await submitRegistration(contract, mspId);
        const status = await submitted.getStatus();
        if (status.code !== peer.TxValidationCode.VALID) {
          invalid.push({ txId: status.transactionId, code: status.code });
          continue;
        }
        // Recorded even if the interruption has begun: the network did report this commit.
        committed.push({ txId: status.transactionId, mspId, address, blockNumber: Number(status.blockNumber), commitBytes: submitted.getBytes() });
        if (committed.length >= interruptAfter) await interruptOnce();
      } catch (error) {
        if (interrupting) continue;
        errors.push(error as Error);
        // A broken network must not spin the load forever: give up (and interrupt) after a few failures.
        if (errors.length >= MAX_ERRORS) await interruptOnce();
      }
    }
  };

  await Promise.all(workers.map(work));
  await interrupting;
  return { committed, invalid, errors, elapsedMs };
}
