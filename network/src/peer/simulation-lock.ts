/**
 * Fabric's commit lock: simulations share it, a block commit takes it alone, so a simulation never
 * reads half of a block's writes.
 */
export class SimulationLock {
  private readers = 0;
  private writer = false;
  /** Commits waiting: new simulations queue behind them so a busy peer still commits. */
  private writersWaiting = 0;
  private readonly waiting: (() => void)[] = [];

  async acquireShared(): Promise<() => void> {
    while (this.writer || this.writersWaiting > 0) await this.wait();
    this.readers += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.readers -= 1;
      this.wake();
    };
  }

  async acquireExclusive(): Promise<() => void> {
    this.writersWaiting += 1;
    while (this.writer || this.readers > 0) await this.wait();
    this.writersWaiting -= 1;
    this.writer = true;
    return () => {
      this.writer = false;
      this.wake();
    };
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
