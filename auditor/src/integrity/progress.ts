/**
 * A one-line progress display for long scans on a terminal: rewritten in place at most every 100 ms,
 * cleared when done. Silent when the stream is not a TTY (logs, pipes, CI).
 */
export interface ProgressReporter {
  update(blockNumber: number, fraction?: number): void;
  done(): void;
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export const SILENT_PROGRESS: ProgressReporter = { update: () => undefined, done: () => undefined };

export function terminalProgress(stream: ProgressStream = process.stderr, label = 'scanning', now: () => number = Date.now): ProgressReporter {
  if (!stream.isTTY) return SILENT_PROGRESS;
  const started = now();
  let lastWrite = 0;
  let shown = false;
  let blocks = 0;
  return {
    update(blockNumber, fraction) {
      blocks += 1;
      const time = now();
      if (time - lastWrite < 100) return;
      lastWrite = time;
      const rate = blocks / Math.max(0.001, (time - started) / 1000);
      const percent = fraction === undefined ? '' : ` ${(Math.min(1, fraction) * 100).toFixed(1)}%`;
      stream.write(`\r\u001b[2K${label}: block ${blockNumber}${percent} (${rate.toFixed(0)} blocks/s)`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
