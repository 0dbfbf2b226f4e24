/**
 * Waits `ms` between reconnects, or less: it resolves (never rejects) as soon as `signal` aborts, so
 * closing a stream does not wait out its back-off. No Node APIs: the browser SDK bundles it too.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
