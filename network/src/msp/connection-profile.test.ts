import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import { profileOrganizationName, writeConnectionProfiles, type ConnectionProfile } from './connection-profile';
import { ensureCryptoMaterial, type CryptoMaterial } from './crypto-material';

describe('connection profiles', function () {
  this.timeout(30_000);
  const definition: ConsortiumDefinition = { ...consortium, peerOrgs: consortium.peerOrgs.slice(0, 2) };
  let dataDir: string;
  let material: CryptoMaterial;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'msp-ccp-'));
    material = await ensureCryptoMaterial(dataDir, definition);
  });

  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names orgs as test-network does', () => {
    expect(profileOrganizationName('Org1MSP')).to.equal('Org1');
    expect(profileOrganizationName('OemMSP')).to.equal('Oem');
    expect(profileOrganizationName('Auditors')).to.equal('Auditors');
  });

  it('writes connection-<name>.json in the ccp-generate.sh format', async () => {
    const files = await writeConnectionProfiles(material, definition);
    expect(files.map((file) => file.jsonPath)).to.deep.equal([
      join(dataDir, 'organizations/peerOrganizations/oem.mobility.example/connection-oem.json'),
      join(dataDir, 'organizations/peerOrganizations/mobility.mobility.example/connection-mobility.json'),
    ]);
    const profile = JSON.parse(await readFile(files[1]?.jsonPath ?? '', 'utf8')) as ConnectionProfile;
    const org = material.peerOrgs[1];
    expect(profile.name).to.equal('mobility-network-mobility');
    expect(profile.client.organization).to.equal('Mobility');
    expect(profile.organizations).to.deep.equal({
      Mobility: {
        mspid: 'MobilityMSP',
        peers: ['peer0.mobility.mobility.example'],
        certificateAuthorities: ['ca.mobility.mobility.example'],
      },
    });
    expect(profile.peers['peer0.mobility.mobility.example']).to.deep.equal({
      url: 'grpcs://localhost:9051',
      tlsCACerts: { pem: org?.tlsCaCertificatePem },
      grpcOptions: {
        'ssl-target-name-override': 'peer0.mobility.mobility.example',
        hostnameOverride: 'peer0.mobility.mobility.example',
      },
    });
    expect(profile.orderers['orderer.orderer.mobility.example']?.url).to.equal('grpcs://localhost:7050');
    expect(profile.channels.mobility?.orderers).to.deep.equal(['orderer.orderer.mobility.example']);
    expect(profile.certificateAuthorities['ca.mobility.mobility.example']?.tlsCACerts.pem).to.deep.equal([org?.caCertificatePem]);
  });

  it('writes the YAML variant with the PEMs as block scalars', async () => {
    const [oem] = await writeConnectionProfiles(material, definition);
    const yaml = await readFile(oem?.yamlPath ?? '', 'utf8');
    expect(yaml).to.contain("  peer0.oem.mobility.example:\n    url: 'grpcs://localhost:7051'\n    tlsCACerts:\n      pem: |\n        -----BEGIN CERTIFICATE-----\n");
    expect(yaml).to.contain("    mspid: 'OemMSP'\n");
    expect(yaml).to.contain("      ssl-target-name-override: 'peer0.oem.mobility.example'\n");
  });
});
