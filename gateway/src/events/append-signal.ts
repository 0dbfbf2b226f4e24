/**
 * Wakes the subscribers of the recipients a new notice names. A subscriber resets its flag BEFORE it
 * reads the log and waits only when the read came back empty, so an append racing with the read is
 * never slept through.
 */
export class RecipientWaker {
  private readonly waiters = new Map<string, Set<AppendWaiter>>();

  wake(recipients: Iterable<string>): void {
    for (const recipient of recipients) {
      for (const waiter of this.waiters.get(recipient) ?? []) waiter.notify();
    }
  }

  waiterFor(recipient: string): AppendWaiter {
    const waiter = new AppendWaiter(() => {
      const set = this.waiters.get(recipient);
      set?.delete(waiter);
      if (set?.size === 0) this.waiters.delete(recipient);
    });
    let set = this.waiters.get(recipient);
    if (!set) {
      set = new Set();
      this.waiters.set(recipient, set);
    }
    set.add(waiter);
    return waiter;
  }
}

export type WakeReason = 'append' | 'timeout' | 'aborted';

export class AppendWaiter {
  private pending = false;
  private resolve: ((reason: WakeReason) => void) | undefined;

  constructor(private readonly onDispose: () => void) {}

  notify(): void {
    this.pending = true;
    this.resolve?.('append');
  }

  reset(): void {
    this.pending = false;
  }

  /** Resolves at once if notified since the last reset; else on the next notify, the timeout or abort. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<WakeReason> {
    if (this.pending) return Promise.resolve('append');
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise<WakeReason>((resolve) => {
      const finish = (reason: WakeReason): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.resolve = undefined;
        resolve(reason);
      };
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.resolve = finish;
    });
  }

  dispose(): void {
    this.resolve?.('aborted');
    this.onDispose();
  }
}
