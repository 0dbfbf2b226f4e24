/**
 * The batch timeout timer as Fabric's solo/etcdraft chains run it: started when a message becomes
 * pending and no timer runs, stopped when nothing is pending, never restarted by later messages.
 */

/** The clock functions the timer uses; tests pass a manual scheduler. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class BatchTimer {
  private handle: unknown;
  private running = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onExpired: () => void,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /** Applies Fabric's rule after each ordered message: run while pending, stop otherwise. */
  update(pending: boolean): void {
    if (pending && !this.running) this.start();
    else if (!pending && this.running) this.stop();
  }

  stop(): void {
    if (!this.running) return;
    this.scheduler.clearTimeout(this.handle);
    this.running = false;
    this.handle = undefined;
  }

  private start(): void {
    this.running = true;
    this.handle = this.scheduler.setTimeout(() => {
      this.running = false;
      this.handle = undefined;
      this.onExpired();
    }, this.timeoutMs);
  }
}
