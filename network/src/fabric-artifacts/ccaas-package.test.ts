import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ccaasPackage, ccaasPackageFromFiles, connectionJsonDocument } from './ccaas-package';
import { fabricDeployment } from './deployment';

describe('fabric-artifacts: chaincode-as-a-service package', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ccaas-package-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is a tar.gz of metadata.json and code.tar.gz holding connection.json, readable by tar', () => {
    const pkg = ccaasPackage(fabricDeployment({ portOffset: 20000 }));
    const file = path.join(dir, 'package.tar.gz');
    writeFileSync(file, pkg.bytes);
    expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n').filter(Boolean)).to.deep.equal(['metadata.json', 'code.tar.gz']);
    execFileSync('tar', ['-xzf', file, '-C', dir]);
    expect(JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8'))).to.deep.equal({ type: 'ccaas', label: 'mobility_0.1.0' });
    execFileSync('tar', ['-xzf', path.join(dir, 'code.tar.gz'), '-C', dir]);
    expect(JSON.parse(readFileSync(path.join(dir, 'connection.json'), 'utf8'))).to.deep.equal({
      address: 'localhost:29999',
      dial_timeout: '10s',
      tls_required: false,
    });
  });

  it('has the package ID label:SHA-256(package), the same for the same inputs', () => {
    const first = ccaasPackage(fabricDeployment());
    const second = ccaasPackage(fabricDeployment());
    expect(first.packageId).to.equal(`mobility_0.1.0:${createHash('sha256').update(first.bytes).digest('hex')}`);
    expect(second.bytes.equals(first.bytes)).to.equal(true);
    expect(ccaasPackage(fabricDeployment({ portOffset: 1 })).packageId).to.not.equal(first.packageId);
  });

  it('embeds the chaincode TLS root certificate when TLS is on, and needs one', () => {
    const deployment = fabricDeployment({ chaincodeTls: true });
    expect(connectionJsonDocument(deployment, 'PEM')).to.include({ tls_required: true, client_auth_required: false, root_cert: 'PEM' });
    expect(() => connectionJsonDocument(deployment)).to.throw(RangeError);
  });

  it('refuses metadata that is not ccaas', () => {
    expect(() => ccaasPackageFromFiles('{"type":"node","label":"x"}', '{}')).to.throw(RangeError, /ccaas/);
  });
});
