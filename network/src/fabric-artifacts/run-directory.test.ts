import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deploymentOf, generateRunDirectory, regenerateRunDirectory, writePackage } from './run-directory';
import { RUN_FILES } from './run-layout';

describe('fabric-artifacts: run directory', function () {
  this.timeout(20_000);
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'fabric-run-'));
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  it('records the generate options in network.json, so later steps rebuild the same deployment', async () => {
    const generated = await generateRunDirectory(runDir, { portOffset: 20000, batchTimeoutMs: 20, chaincodeTls: true });
    const rebuilt = await deploymentOf(runDir);
    expect(rebuilt).to.deep.equal(generated);
  });

  it('packs what chaincode/ holds, and regenerate rewrites hand-edited files and keeps the chaincode TLS CA', async () => {
    await generateRunDirectory(runDir, { chaincodeTls: true });
    const connection = JSON.parse(readFileSync(path.join(runDir, RUN_FILES.chaincodeConnection), 'utf8')) as { root_cert: string; tls_required: boolean };
    expect(connection.tls_required).to.equal(true);
    const first = await writePackage(runDir);
    expect(readFileSync(path.join(runDir, 'chaincode', 'package-id'), 'utf8')).to.equal(`${first.packageId}\n`);

    writeFileSync(path.join(runDir, RUN_FILES.configtx), '# edited\n');
    const { pkg } = await regenerateRunDirectory(runDir);
    expect(readFileSync(path.join(runDir, RUN_FILES.configtx), 'utf8')).to.contain('MobilityChannel');
    expect(JSON.parse(readFileSync(path.join(runDir, RUN_FILES.chaincodeConnection), 'utf8'))).to.deep.equal(connection);
    expect(pkg.packageId).to.equal(first.packageId);
  });

  it('says to run generate first when the directory holds no network', async () => {
    await deploymentOf(runDir).then(
      () => expect.fail('read a missing network.json'),
      (error: unknown) => expect((error as Error).message).to.contain('fabric generate'),
    );
  });
});
