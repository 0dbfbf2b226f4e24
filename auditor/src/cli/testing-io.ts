import type { CliIo } from './cli-io';

/** A CliIo that keeps what commands write, for tests. */
export class BufferedIo implements CliIo {
  readonly out: string[] = [];
  readonly err: string[] = [];
  exitCode: number | undefined;
  readonly stdout = { isTTY: false, write: (text: string) => this.out.push(text) > 0 };
  readonly stderr = { isTTY: false, write: (text: string) => this.err.push(text) > 0 };

  setExitCode(code: number): void {
    this.exitCode = code;
  }

  get output(): string {
    return this.out.join('');
  }

  get errors(): string {
    return this.err.join('');
  }
}
