import { LedgerError } from '../lib/errors';

/** Awaits a transaction expected to fail and returns its LedgerError (anything else fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<LedgerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected the transaction to be rejected');
}
