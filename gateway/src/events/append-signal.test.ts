import { expect } from 'chai';
import { RecipientWaker } from './append-signal';

describe('events: waking subscribers on append', () => {
  it('wakes only the waiters of the recipients named', async () => {
    const waker = new RecipientWaker();
    const phone = waker.waiterFor('device:0x1');
    const other = waker.waiterFor('device:0x2');
    const never = new AbortController().signal;
    const woken = phone.wait(5_000, never);
    waker.wake(['device:0x1', 'org:OemMSP']);
    expect(await woken).to.equal('append');
    expect(await other.wait(20, never)).to.equal('timeout');
    phone.dispose();
    other.dispose();
  });

  it('does not sleep through an append that came after reset and before wait', async () => {
    const waker = new RecipientWaker();
    const waiter = waker.waiterFor('r');
    waiter.reset();
    waker.wake(['r']); // e.g. while the subscriber was reading the log
    expect(await waiter.wait(5_000, new AbortController().signal)).to.equal('append');
    waiter.reset();
    expect(await waiter.wait(10, new AbortController().signal)).to.equal('timeout');
    waiter.dispose();
  });

  it('returns on abort', async () => {
    const waker = new RecipientWaker();
    const waiter = waker.waiterFor('r');
    const controller = new AbortController();
    const waiting = waiter.wait(5_000, controller.signal);
    controller.abort();
    expect(await waiting).to.equal('aborted');
    waiter.dispose();
    waker.wake(['r']); // disposed waiters are gone
  });
});
