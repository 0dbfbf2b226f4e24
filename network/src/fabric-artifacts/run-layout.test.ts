import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ensureCryptoMaterial } from '../msp/crypto-material';
import { fabricArtifacts, NETWORK_ENV_FILE } from './artifact-set';
import { fabricDeployment } from './deployment';
import { RUN_DIRS, RUN_FILES } from './run-layout';

/**
 * Every crypto path the generated files name must exist in the test-network layout. The embedded
 * network's generator writes that layout too (cryptogen differs only in sign certificate file
 * names, which no generated file names), so it stands in for cryptogen here.
 */
describe('fabric-artifacts: paths in generated files point into the crypto layout', function () {
  this.timeout(30_000);
  let runDir: string;
  before(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'fabric-layout-'));
    await ensureCryptoMaterial(runDir);
  });
  after(() => rmSync(runDir, { recursive: true, force: true }));

  const deployment = fabricDeployment();
  const files = fabricArtifacts(deployment);
  const configDir = () => path.join(runDir, RUN_DIRS.config);

  function envPaths(content: string): string[] {
    return content
      .split('\n')
      .filter((line) => !line.startsWith('#') && line.includes('='))
      .flatMap((line) => line.slice(line.indexOf('=') + 1).replace(/^'|'$/g, '').replace(/^\[|\]$/g, '').split(' '))
      .filter((value) => value.startsWith('../organizations/'));
  }

  it('env files: MSP directories, TLS files, the orderer TLS CA', () => {
    const envFiles = files.filter((file) => file.path.startsWith(`${RUN_DIRS.env}/`) || file.path === NETWORK_ENV_FILE);
    const paths = envFiles.flatMap((file) => envPaths(file.content));
    expect(paths.length).to.be.greaterThan(30);
    expect(paths.filter((relative) => !existsSync(path.resolve(configDir(), relative)))).to.deep.equal([]);
  });

  it('configtx.yaml: org MSP directories and the consenter TLS certificates', () => {
    const configtx = files.find((file) => file.path === RUN_FILES.configtx)!.content;
    const paths = [...configtx.matchAll(/(?:MSPDir|TLSCert): (\S+)/g)].map((match) => match[1]!);
    expect(paths.length).to.equal(4 * 2 + 2);
    expect(paths.filter((relative) => !existsSync(path.resolve(configDir(), relative)))).to.deep.equal([]);
  });

  it('network.json: connection profiles sit where the embedded network writes them', () => {
    const description = JSON.parse(files.find((file) => file.path === RUN_FILES.description)!.content) as { peers: { connectionProfile: string }[] };
    expect(description.peers.map((peer) => peer.connectionProfile)).to.deep.equal([
      'organizations/peerOrganizations/oem.mobility.example/connection-oem.json',
      'organizations/peerOrganizations/mobility.mobility.example/connection-mobility.json',
      'organizations/peerOrganizations/audit.mobility.example/connection-audit.json',
    ]);
  });

  it('compose: every service reads an env file that is generated, and publishes on 127.0.0.1 only', () => {
    const compose = fabricArtifacts(fabricDeployment({ target: 'compose' }));
    const document = parse(compose.find((file) => file.path === RUN_FILES.compose)!.content) as {
      services: Record<string, { env_file?: string[]; ports?: string[] }>;
    };
    const generated = new Set(compose.map((file) => file.path));
    const services = Object.values(document.services);
    expect(services).to.have.length(5);
    for (const service of services) {
      for (const envFile of service.env_file ?? []) expect(generated.has(envFile), envFile).to.equal(true);
      for (const port of service.ports ?? []) expect(port).to.match(/^127\.0\.0\.1:(\d+):\1$/);
    }
  });
});
