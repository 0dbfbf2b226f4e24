import { buildProgram } from '@mobility-ledger/auditor';

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs `mobility-audit` in this process (real commander program, real connection), capturing its output. */
export async function runAuditCli(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const io = {
    stdout: { isTTY: false, write: (text: string) => out.push(text) > 0 },
    stderr: { isTTY: false, write: (text: string) => err.push(text) > 0 },
    setExitCode: (code: number) => {
      exitCode = code;
    },
  };
  try {
    await buildProgram(io).parseAsync(['node', 'mobility-audit', ...args]);
  } catch (error) {
    err.push(`${(error as Error).stack ?? String(error)}\n`);
    exitCode = 2;
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}
