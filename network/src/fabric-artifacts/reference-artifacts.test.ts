import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { defaultReferenceDir, referenceDrift, referenceFiles } from './reference-artifacts';

describe('fabric-artifacts: committed reference artefacts (network/fabric/config)', () => {
  it('are exactly what consortium.ts generates (run `mobility-network fabric reference` after changing it)', async () => {
    expect(await referenceDrift()).to.deep.equal([]);
  });

  it('parse as YAML and JSON', () => {
    for (const file of referenceFiles()) {
      if (file.path.endsWith('.yaml')) expect(() => parse(file.content), file.path).to.not.throw();
      if (file.path.endsWith('.json')) expect(() => JSON.parse(file.content) as unknown, file.path).to.not.throw();
    }
  });

  describe('drift detection', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'fabric-reference-'));
      cpSync(defaultReferenceDir(), dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reports a changed file, a missing file and a file no longer generated', async () => {
      writeFileSync(path.join(dir, 'native/config/configtx.yaml'), '# edited by hand\n');
      rmSync(path.join(dir, 'compose/docker-compose.yaml'));
      writeFileSync(path.join(dir, 'native/env/peer1.oem.mobility.example.env'), 'CORE_PEER_ID=peer1\n');
      expect(await referenceDrift(dir)).to.deep.equal([
        'native/config/configtx.yaml: differs from what consortium.ts generates',
        'compose/docker-compose.yaml: missing',
        'native/env/peer1.oem.mobility.example.env: not generated any more',
      ]);
    });
  });
});
