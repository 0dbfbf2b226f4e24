/** The steps of a Fabric call the gateway times, limits and reports separately. */
export type FabricPhase = 'evaluate' | 'endorse' | 'submit' | 'commit';

/** A Fabric call that failed, with the phase it failed in and the transaction it belongs to. */
export class FabricPhaseError extends Error {
  constructor(
    readonly phase: FabricPhase,
    override readonly cause: unknown,
    readonly txId?: string,
    /** How many times the transaction was submitted (resubmissions after read conflicts included). */
    readonly attempts = 1,
  ) {
    super(`${phase} failed${txId ? ` (transaction ${txId})` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'FabricPhaseError';
  }
}

/** A transaction the peer committed as invalid (validation code ≠ VALID). */
export class InvalidTransactionError extends Error {
  constructor(
    readonly txId: string,
    readonly validationCode: number,
    readonly validationCodeName: string,
    readonly blockNumber: bigint,
  ) {
    super(`transaction ${txId} was committed as invalid in block ${blockNumber}: ${validationCodeName}`);
    this.name = 'InvalidTransactionError';
  }
}
