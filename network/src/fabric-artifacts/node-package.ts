import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import type { CcaasPackage } from './ccaas-package';
import { tarGz } from './tar-archive';

/**
 * A node chaincode package for a peer-launched chaincode: metadata.json ({"type":"node"}) and
 * code.tar.gz with the chaincode's package.json and compiled dist/ under src/, the layout of
 * `peer lifecycle chaincode package --lang node`. The peer's node builder (network/fabric/builders/node)
 * builds and runs it with `fabric-chaincode-node start`. Tests are left out.
 */

/** The repository's chaincode/, from src/fabric-artifacts or dist/fabric-artifacts alike. */
export function defaultChaincodeDir(): string {
  return resolve(__dirname, '..', '..', '..', 'chaincode');
}

function compiledFiles(chaincodeDir: string): string[] {
  const dist = join(chaincodeDir, 'dist');
  return readdirSync(dist, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js') && !entry.name.endsWith('.test.js'))
    .map((entry) => relative(chaincodeDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

export function nodePackage(metadataJson: string, chaincodeDir = defaultChaincodeDir()): CcaasPackage {
  const metadata = JSON.parse(metadataJson) as { type?: unknown; label?: unknown };
  if (metadata.type !== 'node' || typeof metadata.label !== 'string' || metadata.label.length === 0) {
    throw new RangeError('metadata.json must hold {"type":"node","label":"<label>"}');
  }
  let files: string[];
  try {
    files = compiledFiles(chaincodeDir);
  } catch (error) {
    throw new RangeError(`${join(chaincodeDir, 'dist')} cannot be read: build the chaincode first (npx tsc -p chaincode)`, { cause: error });
  }
  const entries = ['package.json', ...files].map((file) => ({ name: posix.join('src', file), content: readFileSync(join(chaincodeDir, file)) }));
  const bytes = tarGz([
    { name: 'metadata.json', content: Buffer.from(metadataJson) },
    { name: 'code.tar.gz', content: tarGz(entries) },
  ]);
  return { label: metadata.label, bytes, packageId: `${metadata.label}:${createHash('sha256').update(bytes).digest('hex')}` };
}
