import { expect } from 'chai';
import { SimulationLock } from './simulation-lock';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SimulationLock', () => {
  it('lets simulations share, makes a commit wait for them, and queues new simulations behind the commit', async () => {
    const lock = new SimulationLock();
    const events: string[] = [];
    const releaseA = await lock.acquireShared();
    const releaseB = await lock.acquireShared();
    const commit = lock.acquireExclusive().then((release) => {
      events.push('commit');
      return release;
    });
    const late = lock.acquireShared().then((release) => {
      events.push('late simulation');
      return release;
    });
    await tick();
    expect(events).to.deep.equal([]);
    releaseA();
    releaseB();
    const releaseCommit = await commit;
    await tick();
    expect(events).to.deep.equal(['commit']);
    releaseCommit();
    (await late)();
    expect(events).to.deep.equal(['commit', 'late simulation']);
  });
});
