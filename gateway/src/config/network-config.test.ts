import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './gateway-config';
import { loadConfig } from './load-config';
import { configFromNetworkDataDir } from './network-config';

/** A connection profile as Fabric's test-network ccp-generate.sh writes it (and the embedded network does). */
function writeProfile(orgDir: string, name: string, mspId: string, peerName: string, url: string): void {
  mkdirSync(orgDir, { recursive: true });
  const profile = {
    name: `mobility-network-${name}`,
    version: '1.0.0',
    client: { organization: name },
    organizations: { [name]: { mspid: mspId, peers: [peerName], certificateAuthorities: [`ca.${name}`] } },
    channels: { mobility: { orderers: ['orderer'], peers: { [peerName]: { endorsingPeer: true } } } },
    peers: { [peerName]: { url, tlsCACerts: { pem: '-----BEGIN CERTIFICATE-----' }, grpcOptions: { 'ssl-target-name-override': peerName, hostnameOverride: peerName } } },
  };
  writeFileSync(path.join(orgDir, `connection-${name}.json`), JSON.stringify(profile));
}

describe('configFromNetworkDataDir', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-network-config-'));
    const orgs = path.join(dataDir, 'organizations', 'peerOrganizations');
    writeProfile(path.join(orgs, 'oem.mobility.example'), 'oem', 'OemMSP', 'peer0.oem.mobility.example', 'grpcs://localhost:17851');
    writeProfile(path.join(orgs, 'audit.mobility.example'), 'audit', 'AuditMSP', 'peer0.audit.mobility.example', 'grpcs://localhost:21851');
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes the peer and TLS name from the org’s connection profile, and User1’s identity from the test-network layout', () => {
    const layer = configFromNetworkDataDir({ dataDir, mspId: 'AuditMSP', portOffset: 10_800 });
    const orgDir = path.join(dataDir, 'organizations', 'peerOrganizations', 'audit.mobility.example');
    expect(layer.peer).to.deep.equal({
      endpoint: 'localhost:21851',
      tlsRootCertPath: path.join(orgDir, 'tlsca', 'tlsca.audit.mobility.example-cert.pem'),
      hostAlias: 'peer0.audit.mobility.example',
    });
    expect(layer.identity).to.deep.equal({
      certPath: path.join(orgDir, 'users', 'User1@audit.mobility.example', 'msp', 'signcerts', 'cert.pem'),
      keyPath: path.join(orgDir, 'users', 'User1@audit.mobility.example', 'msp', 'keystore'),
    });
    expect(layer.http?.port).to.equal(3003 + 10_800);
    expect(layer.dataDir).to.equal(path.join(dataDir, 'gateways', 'AuditMSP'));
    expect(layer.channel).to.equal('mobility');
    // A complete config once the defaults are added.
    expect(loadConfig({ env: {}, base: layer }).mspId).to.equal('AuditMSP');
  });

  it('can use another user, and refuses an org without a profile or a dir that is no network', () => {
    expect(configFromNetworkDataDir({ dataDir, mspId: 'OemMSP', user: 'Admin' }).identity?.certPath).to.contain('Admin@oem.mobility.example');
    expect(() => configFromNetworkDataDir({ dataDir, mspId: 'MobilityMSP' })).to.throw(ConfigError, /MobilityMSP/);
    expect(() => configFromNetworkDataDir({ dataDir: path.join(dataDir, 'nothing'), mspId: 'OemMSP' })).to.throw(ConfigError, /data dir/);
  });
});
