#!/usr/bin/env node
import { CommanderError } from 'commander';
import { registerAnomalyCommands } from './anomaly-commands';
import { reportFailure } from './failure';
import { buildProgram } from './program';
import { registerReportCommands } from './report-commands';

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  setExitCode: (code: number) => {
    process.exitCode = code;
  },
};

// trail, evidence, verify, scan (program.ts); VIN audit reports and anomaly scores from their own modules.
const program = buildProgram(io);
registerReportCommands(program);
registerAnomalyCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    return;
  }
  reportFailure(io, error);
});
