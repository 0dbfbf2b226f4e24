import { expect } from 'chai';
import { CommitNotifier } from './commit-notifier';

describe('CommitNotifier', () => {
  it('answers at once for a transaction the ledger already holds', async () => {
    const notifier = new CommitNotifier({ transactionStatus: async (txId) => (txId === 'a' ? { code: 0, blockNumber: 4 } : undefined) });
    expect(await notifier.waitForStatus('a', new AbortController().signal)).to.deep.equal({ code: 0, blockNumber: 4 });
  });

  it('waits for the block that commits the transaction, with its own code', async () => {
    const notifier = new CommitNotifier({ transactionStatus: async () => undefined });
    const waiting = notifier.waitForStatus('b', new AbortController().signal);
    await new Promise((resolve) => setImmediate(resolve));
    notifier.notifyBlock(7, ['a', 'b'], Uint8Array.from([0, 11]));
    expect(await waiting).to.deep.equal({ code: 11, blockNumber: 7 });
  });

  it('stops waiting when the caller cancels', async () => {
    const notifier = new CommitNotifier({ transactionStatus: async () => undefined });
    const abort = new AbortController();
    const waiting = notifier.waitForStatus('c', abort.signal);
    abort.abort();
    let failed = false;
    await waiting.catch(() => {
      failed = true;
    });
    expect(failed).to.equal(true);
  });
});
