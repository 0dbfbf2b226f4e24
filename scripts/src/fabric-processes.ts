import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The processes of a native real-Fabric network: network/fabric/up.sh and start-chaincode.sh start
 * each node with setsid and keep its PID in <run dir>/pids/<node name>.pid (lib/common.sh
 * start_node). A pid file may outlive its process, and the PID may since name another program, so
 * each one counts only while its command line is still that of an orderer, a peer or a chaincode
 * server (as down.sh checks before it signals).
 */

export type FabricRole = 'orderer' | 'peer' | 'chaincode';

export interface FabricProcess {
  /** The pid file's name: the node's name (orderer.example.com, peer0.oem.example.com, chaincode-server). */
  readonly name: string;
  readonly pid: number;
  readonly role: FabricRole;
}

/** The role of a command line (argv from /proc/<pid>/cmdline), or undefined for any other program. */
export function roleOfCommandLine(argv: readonly string[]): FabricRole | undefined {
  const program = path.basename(argv[0] ?? '');
  if (program === 'orderer') return 'orderer';
  if (program === 'peer') return 'peer';
  // `node <fabric-shim>/cli.js server ...` (start-chaincode.sh) or `fabric-chaincode-node server`.
  if (argv.some((arg) => arg.includes('fabric-shim') || path.basename(arg) === 'fabric-chaincode-node')) return 'chaincode';
  return undefined;
}

/** The live orderer, peer and chaincode server processes named by the run directory's pid files, by name. */
export function discoverFabricProcesses(runDir: string, procRoot = '/proc'): FabricProcess[] {
  const pidsDir = path.join(runDir, 'pids');
  let files: string[];
  try {
    files = readdirSync(pidsDir).filter((file) => file.endsWith('.pid'));
  } catch {
    return [];
  }
  const processes: FabricProcess[] = [];
  for (const file of files) {
    const pid = Number(readFileSync(path.join(pidsDir, file), 'utf8').trim());
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    const role = roleOfCommandLine(commandLine(pid, procRoot));
    if (role) processes.push({ name: file.slice(0, -'.pid'.length), pid, role });
  }
  return processes.sort((a, b) => a.name.localeCompare(b.name));
}

function commandLine(pid: number, procRoot: string): string[] {
  try {
    return readFileSync(path.join(procRoot, String(pid), 'cmdline'), 'utf8').split('\0').filter((arg) => arg !== '');
  } catch {
    return [];
  }
}

export function countByRole(processes: readonly FabricProcess[]): Record<FabricRole, number> {
  const counts: Record<FabricRole, number> = { orderer: 0, peer: 0, chaincode: 0 };
  for (const process of processes) counts[process.role] += 1;
  return counts;
}
