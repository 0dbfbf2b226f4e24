import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

export interface ProcessStat {
  readonly ppid: number;
  /** utime + stime, in ms. */
  readonly cpuMs: number;
}

/** Parses /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function parseProcStat(stat: string): ProcessStat {
  // Fields after the parenthesised command name: state is field 3, ppid 4, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS };
}

/** utime + stime of a process, in ms; undefined when there is no pid, it is gone or /proc is not available. */
export function processCpuMs(pid: number | undefined, procRoot = '/proc'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const { cpuMs } = parseProcStat(readFileSync(path.join(procRoot, String(pid), 'stat'), 'utf8'));
    return Number.isFinite(cpuMs) ? cpuMs : undefined;
  } catch {
    return undefined;
  }
}

/** Every process's parent and CPU time, from one pass over /proc. */
export function readProcessTable(procRoot = '/proc'): Map<number, ProcessStat> {
  const table = new Map<number, ProcessStat>();
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return table;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(Number(entry), parseProcStat(readFileSync(path.join(procRoot, entry, 'stat'), 'utf8')));
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** Children, grandchildren, ... of the roots (not the roots themselves). */
export function descendantsOf(table: ReadonlyMap<number, ProcessStat>, roots: readonly number[]): number[] {
  const found: number[] = [];
  const seen = new Set(roots);
  let frontier = [...roots];
  while (frontier.length > 0) {
    const parents = new Set(frontier);
    frontier = [];
    for (const [pid, stat] of table) {
      if (parents.has(stat.ppid) && !seen.has(pid)) {
        seen.add(pid);
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found.sort((a, b) => a - b);
}
