import { promises as fs, readFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';

/**
 * Which network the end-to-end suites run against:
 *   - embedded (default): each suite starts its own embedded network as a child process;
 *   - fabric (FABRIC_TARGET=fabric): a running Hyperledger Fabric 2.5 network made by the scripts in
 *     network/fabric/, described by FABRIC_NETWORK_DIR (default: FABRIC_RUN_DIR, else <repo>/.fabric):
 *     its network.json (ports, gateway addresses, connection profiles) and organizations/ (crypto).
 * Suites get the same ReadyReport either way, so they need not know the target, except those that
 * use what only the embedded network offers (SIGKILL of its process, its ledger files): they call
 * skipUnlessEmbedded.
 */

export type TargetKind = 'embedded' | 'fabric';

export class TargetConfigurationError extends Error {
  override name = 'TargetConfigurationError';
}

export function targetKind(env: NodeJS.ProcessEnv = process.env): TargetKind {
  const value = env.FABRIC_TARGET ?? 'embedded';
  if (value === 'embedded' || value === '') return 'embedded';
  if (value === 'fabric') return 'fabric';
  throw new TargetConfigurationError(`FABRIC_TARGET must be 'embedded' or 'fabric', not '${value}'`);
}

export function fabricNetworkDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.FABRIC_NETWORK_DIR ?? env.FABRIC_RUN_DIR ?? path.resolve(__dirname, '..', '..', '..', '.fabric'));
}

/** The part of network.json (network/src/fabric-artifacts/network-description.ts) the suites use. */
export interface FabricNetworkFile {
  readonly channel: string;
  readonly chaincode: { readonly name: string };
  readonly organizationsDir: string;
  readonly peers: readonly {
    readonly mspId: string;
    readonly domain: string;
    readonly clientEndpoint: string;
    readonly endpoint: string;
    readonly peerPort: number;
    readonly operationsPort: number;
    readonly connectionProfile: string;
  }[];
}

export function readFabricNetwork(dir = fabricNetworkDir()): FabricNetworkFile {
  const file = path.join(dir, 'network.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FabricNetworkFile;
  } catch (error) {
    throw new TargetConfigurationError(
      `FABRIC_TARGET=fabric but ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'}): ` +
        'start a network with network/fabric/generate.sh, up.sh and deploy.sh, and point FABRIC_NETWORK_DIR at its run directory',
    );
  }
}

/**
 * Copies the real network's organizations/ into dataDir, so suites read (and may delete) crypto
 * material where they read an embedded network's. cryptogen names sign certificates
 * <identity>-cert.pem where the embedded network (like Fabric CA enrolment) writes cert.pem; the copy
 * renames them so every helper reads one layout.
 */
export async function copyFabricOrganizations(dataDir: string, networkDir = fabricNetworkDir()): Promise<void> {
  const network = readFabricNetwork(networkDir);
  const target = path.join(dataDir, 'organizations');
  await fs.cp(path.join(networkDir, network.organizationsDir), target, { recursive: true });
  renameSignCerts(target);
}

function renameSignCerts(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) continue;
    if (entry.name === 'signcerts') {
      const certificates = readdirSync(full).filter((name) => name.endsWith('.pem'));
      if (certificates.length === 1 && certificates[0] !== 'cert.pem') renameSync(path.join(full, certificates[0]!), path.join(full, 'cert.pem'));
    } else {
      renameSignCerts(full);
    }
  }
}

/** Skips the calling suite or test on the real-Fabric target, saying which embedded-only feature it needs. */
export function skipUnlessEmbedded(context: Mocha.Context, feature: string): void {
  if (targetKind() === 'embedded') return;
  // Mocha prints the title; the reason goes to the log so a skipped suite says why.
  console.log(`      skipped under FABRIC_TARGET=fabric: needs ${feature}, which only the embedded network offers`);
  context.skip();
}
