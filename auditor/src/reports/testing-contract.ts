import type { ChaincodeContract } from './chaincode-contract';

/**
 * A contract that answers from a table of `transaction → (args) → JSON`, recording every call:
 * stands in for a peer in tests of the code that talks to one.
 */
export class TableContract implements ChaincodeContract {
  readonly calls: { kind: 'evaluate' | 'submit'; name: string; args: string[] }[] = [];

  constructor(private readonly answers: Record<string, (...args: string[]) => unknown>) {}

  async evaluateTransaction(name: string, ...args: string[]): Promise<Uint8Array> {
    this.calls.push({ kind: 'evaluate', name, args });
    return this.answer(name, args);
  }

  async submitTransaction(name: string, ...args: string[]): Promise<Uint8Array> {
    this.calls.push({ kind: 'submit', name, args });
    return this.answer(name, args);
  }

  private answer(name: string, args: string[]): Uint8Array {
    const handler = this.answers[name];
    if (!handler) throw new Error(`NOT_FOUND: transaction: ${name} is not answered`);
    const value = handler(...args);
    return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
  }
}
