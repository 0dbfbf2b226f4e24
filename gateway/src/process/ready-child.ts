import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ReadyChildOptions<R> {
  /** What the child is, for error messages: "the embedded network", "the OemMSP gateway". */
  readonly name: string;
  /** Node's arguments: the script first, then its own. */
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The ready report, if this JSON line from the child's stdout is one (other lines are output). */
  readonly readyReport: (line: unknown) => R | undefined;
  readonly readyTimeoutMs: number;
  /** How many stderr chunks to keep for error reports. */
  readonly logChunks: number;
  /** Copy the child's stderr to this process's stderr as it comes. */
  readonly echoLog?: boolean;
}

/**
 * A Node program run as a child process that announces, with one JSON line on stdout, that it
 * serves requests: the embedded network, a gateway. Start waits for that line (or fails with the
 * child's last log lines when it exits or times out first); stop asks with SIGTERM, then insists.
 */
export class ReadyChild<R> {
  private constructor(
    readonly child: ChildProcess,
    readonly ready: R,
    /** The last stderr chunks, oldest first. */
    readonly logTail: string[],
  ) {}

  static async start<R>(options: ReadyChildOptions<R>): Promise<ReadyChild<R>> {
    const child = spawn(process.execPath, [...options.args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const logTail: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (options.echoLog) process.stderr.write(chunk);
      logTail.push(chunk);
      if (logTail.length > options.logChunks) logTail.shift();
    });
    const ready = await new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.name} was not ready within ${options.readyTimeoutMs} ms:\n${logTail.join('')}`));
      }, options.readyTimeoutMs);
      const onExit = (code: number | null, signal: string | null): void => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited (${code ?? signal}) before it was ready:\n${logTail.join('')}`));
      };
      child.once('exit', onExit);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          return; // ordinary output
        }
        const report = options.readyReport(parsed);
        if (report === undefined) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(report);
      });
    });
    return new ReadyChild(child, ready, logTail);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the child logged, for error reports. */
  get log(): string {
    return this.logTail.join('');
  }

  /** SIGTERM (a graceful shutdown), SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    await this.signal('SIGTERM', graceMs);
  }

  /** SIGKILL: a crash, no shutdown code runs. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 0);
  }

  private async signal(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (!this.running) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    const force = signal === 'SIGKILL' ? undefined : setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(force);
  }
}
