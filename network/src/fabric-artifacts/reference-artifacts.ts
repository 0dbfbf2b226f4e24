import { readdir, readFile, rm } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';
import { fabricArtifacts, writeArtifacts, type GeneratedFile } from './artifact-set';
import { fabricDeployment, type FabricTarget } from './deployment';

/**
 * The committed copies of the generated artefacts, for reading and reviewing without running
 * anything: network/fabric/config/<target>/, generated with the default ports (offset 0), the
 * consortium's batch timeout and no chaincode TLS. A test fails when they drift from what the
 * consortium definition generates; `mobility-network fabric reference` rewrites them.
 */

export const REFERENCE_TARGETS: readonly FabricTarget[] = ['native', 'compose'];

/** network/fabric/config, from src/fabric-artifacts or dist/fabric-artifacts alike. */
export function defaultReferenceDir(): string {
  return resolve(__dirname, '..', '..', 'fabric', 'config');
}

export function referenceFiles(): GeneratedFile[] {
  return REFERENCE_TARGETS.flatMap((target) =>
    fabricArtifacts(fabricDeployment({ target })).map((file) => ({ path: posix.join(target, file.path), content: file.content })),
  );
}

export async function writeReference(dir = defaultReferenceDir()): Promise<GeneratedFile[]> {
  const files = referenceFiles();
  for (const target of REFERENCE_TARGETS) await rm(join(dir, target), { recursive: true, force: true });
  await writeArtifacts(dir, files);
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Differences between the committed copies and what the consortium generates now (empty when none). */
export async function referenceDrift(dir = defaultReferenceDir()): Promise<string[]> {
  const expected = referenceFiles();
  const problems: string[] = [];
  for (const file of expected) {
    let committed: string | undefined;
    try {
      committed = await readFile(join(dir, file.path), 'utf8');
    } catch {
      problems.push(`${file.path}: missing`);
      continue;
    }
    if (committed !== file.content) problems.push(`${file.path}: differs from what consortium.ts generates`);
  }
  const known = new Set(expected.map((file) => file.path));
  for (const path of await listFiles(dir)) {
    if (!known.has(path) && REFERENCE_TARGETS.some((target) => path.startsWith(`${target}/`))) problems.push(`${path}: not generated any more`);
  }
  return problems;
}
