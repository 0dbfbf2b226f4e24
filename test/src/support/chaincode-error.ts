import { parseLedgerErrorMessage, type LedgerErrorCode } from '@mobility-ledger/chaincode';

/** A chaincode error as it reached a fabric-gateway client: `<CODE>: <field>: <rule>` parsed back. */
export interface RefusedTransaction {
  readonly code: LedgerErrorCode;
  readonly field: string;
  readonly rule: string;
  readonly raw: string;
}

/** The messages of a gateway error: its own, and each endorsing peer's in `details`. */
function messagesOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const details = (error as { details?: { message?: string }[] }).details ?? [];
  return [error.message, ...details.map((detail) => detail.message ?? '')];
}

/**
 * Awaits a gateway call that the chaincode must refuse, and returns the refusal. Fails when the
 * call succeeds, or fails for a reason that is not a chaincode error.
 */
export async function chaincodeRefusal(call: Promise<unknown>): Promise<RefusedTransaction> {
  try {
    await call;
  } catch (error) {
    for (const message of messagesOf(error)) {
      const parsed = parseLedgerErrorMessage(message);
      if (parsed) return { ...parsed, raw: message };
    }
    throw error;
  }
  throw new Error('expected the chaincode to refuse the transaction');
}
