import type { ProgressStream } from '../integrity/progress';

/** Where commands write; the real process streams in main.ts, buffers in tests. */
export interface CliIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  /** Sets the process exit code (1: evidence rejected / problems found). */
  setExitCode(code: number): void;
}

/** Buffers (after their toJSON) become base64 strings. */
function bufferAsBase64(_key: string, item: unknown): unknown {
  const candidate = item as { type?: unknown; data?: unknown } | null;
  if (candidate && candidate.type === 'Buffer' && Array.isArray(candidate.data)) return Buffer.from(candidate.data as number[]).toString('base64');
  return item;
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, bufferAsBase64, 2)}\n`);
}

/** A command line that cannot work as given. */
export class UsageError extends Error {
  override name = 'UsageError';
}
