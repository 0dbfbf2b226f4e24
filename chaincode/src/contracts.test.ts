import 'reflect-metadata';
import { expect } from 'chai';
import { contracts } from './contracts';

interface TransactionMetadata {
  name: string;
  parameters?: { name: string }[];
}

describe('contract metadata as fabric-contract-api sees it', () => {
  it('lists every transaction with its string parameters and without the context', function () {
    for (const Contract of contracts) {
      const prototype = Contract.prototype as Record<string, unknown>;
      const transactions = (Reflect.getMetadata('fabric:transactions', prototype) ?? []) as TransactionMetadata[];
      expect(transactions.length, Contract.name).to.be.greaterThan(0);
      const sample = transactions[0]?.name ?? '';
      if (!Reflect.getMetadata('design:paramtypes', prototype, sample)) {
        // tsx/esbuild emits no decorator metadata; the compiled build (npm test) does.
        this.skip();
      }
      for (const transaction of transactions) {
        const method = prototype[transaction.name] as (...args: unknown[]) => unknown;
        expect(transaction.parameters?.length ?? 0, `${Contract.name}.${transaction.name}`).to.equal(method.length - 1);
      }
    }
  });
});
