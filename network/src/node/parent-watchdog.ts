/**
 * Preloaded (`node --require`) into the chaincode server the network launches: ends the server once the
 * network process that launched it is gone. A SIGKILLed network runs no exit hooks, so without this its
 * chaincode server would live on as an orphan (one per crash, each holding a Node heap).
 *
 * Only the launched process itself watches: descendants that inherit NODE_OPTIONS have another parent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Environment variable naming the launching network's PID. */
export const LAUNCHER_PID_ENV = 'MOBILITY_LEDGER_LAUNCHER_PID';
const CHECK_INTERVAL_MS = 500;

/** Starts watching if this process was launched by the PID in the environment; returns whether it did. */
export function watchLauncher(env: NodeJS.ProcessEnv = process.env): boolean {
  const launcher = Number(env[LAUNCHER_PID_ENV]);
  if (!Number.isSafeInteger(launcher) || launcher <= 0 || process.ppid !== launcher) return false;
  // When the launcher dies the kernel reparents this process, which changes its ppid.
  setInterval(() => {
    if (process.ppid !== launcher) process.exit(0);
  }, CHECK_INTERVAL_MS).unref();
  return true;
}

/**
 * Environment for a child process of this one that should exit when this process dies. Empty when the
 * compiled watchdog is not beside this module (running from TypeScript sources): the child then simply
 * has no watchdog.
 */
export function parentWatchdogEnv(baseNodeOptions = process.env.NODE_OPTIONS ?? ''): Record<string, string> {
  const compiled = path.join(__dirname, 'parent-watchdog.js');
  if (!existsSync(compiled)) return {};
  return {
    NODE_OPTIONS: `${baseNodeOptions} --require ${JSON.stringify(compiled)}`.trim(),
    [LAUNCHER_PID_ENV]: String(process.pid),
  };
}

// Preloaded with --require into the launched process. Anywhere else (the network importing
// parentWatchdogEnv) the environment names no launcher that is this process's parent, so nothing starts.
watchLauncher();
