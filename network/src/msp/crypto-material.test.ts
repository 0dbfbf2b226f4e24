import { expect } from 'chai';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import * as x509 from '@peculiar/x509';
import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import { certificateAuthorityFromPem, generateKeyPair, issueCertificate } from './certificate-factory';
import { createChannelMspManager } from './channel-msp';
import { orgPaths } from './crypto-layout';
import { decodeDerSignature, isLowS } from './ecdsa-signature';
import { ensureCryptoMaterial, peerOrgMaterial, type CryptoMaterial, type IdentityMaterial } from './crypto-material';
import { SigningIdentity } from './signing-identity';

function subjectOus(pem: string): string[] {
  return new x509.X509Certificate(pem).subjectName.getField('OU');
}

function expectIssuedBy(certificatePem: string, caPem: string): void {
  // Signed low-S like cryptogen, so Fabric's MSP does not need to sanitise the certificate.
  const signature = decodeDerSignature(new Uint8Array(new x509.X509Certificate(certificatePem).signature));
  expect(isLowS(signature?.s ?? Buffer.alloc(33, 0xff))).to.equal(true);
  const certificate = new X509Certificate(certificatePem);
  const ca = new X509Certificate(caPem);
  expect(ca.ca).to.equal(true);
  expect(certificate.ca).to.equal(false);
  expect(certificate.checkIssued(ca)).to.equal(true);
  expect(certificate.verify(ca.publicKey)).to.equal(true);
}

async function tlsHandshake(server: Server, host: string, ca: string): Promise<boolean> {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ca, servername: host === '127.0.0.1' ? undefined : host }, () => {
      const authorized = socket.authorized;
      socket.end();
      resolve(authorized);
    });
    socket.on('error', reject);
  });
}

describe('ensureCryptoMaterial', function () {
  this.timeout(30_000);
  let dataDir: string;
  let material: CryptoMaterial;
  let generationMs: number;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'msp-crypto-'));
    const started = performance.now();
    material = await ensureCryptoMaterial(dataDir);
    generationMs = performance.now() - started;
  });

  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates every org of the consortium in the test-network layout', async () => {
    console.log(`      crypto generation for ${consortium.peerOrgs.length + 1} orgs took ${generationMs.toFixed(0)} ms`);
    expect(material.peerOrgs.map((org) => org.mspId)).to.deep.equal(consortium.peerOrgs.map((org) => org.mspId));
    const oem = peerOrgMaterial(material, 'OemMSP');
    const orgDir = join(dataDir, 'organizations/peerOrganizations/oem.mobility.example');
    const expected = [
      'ca/ca.oem.mobility.example-cert.pem',
      'ca/priv_sk',
      'tlsca/tlsca.oem.mobility.example-cert.pem',
      'tlsca/priv_sk',
      'msp/cacerts/ca.oem.mobility.example-cert.pem',
      'msp/tlscacerts/tlsca.oem.mobility.example-cert.pem',
      'msp/config.yaml',
      'peers/peer0.oem.mobility.example/msp/signcerts/cert.pem',
      'peers/peer0.oem.mobility.example/msp/keystore/priv_sk',
      'peers/peer0.oem.mobility.example/msp/cacerts/ca.oem.mobility.example-cert.pem',
      'peers/peer0.oem.mobility.example/msp/config.yaml',
      'peers/peer0.oem.mobility.example/tls/ca.crt',
      'peers/peer0.oem.mobility.example/tls/server.crt',
      'peers/peer0.oem.mobility.example/tls/server.key',
      'users/Admin@oem.mobility.example/msp/signcerts/cert.pem',
      'users/Admin@oem.mobility.example/msp/keystore/priv_sk',
      'users/Admin@oem.mobility.example/msp/cacerts/ca.oem.mobility.example-cert.pem',
      'users/User1@oem.mobility.example/msp/signcerts/cert.pem',
      'users/User1@oem.mobility.example/msp/keystore/priv_sk',
    ];
    for (const file of expected) {
      expect((await stat(join(orgDir, file))).isFile(), file).to.equal(true);
    }
    expect(oem.orgDir).to.equal(orgDir);
    expect(oem.peer.certificatePath).to.equal(join(orgDir, 'peers/peer0.oem.mobility.example/msp/signcerts/cert.pem'));
    const ordererDir = join(dataDir, 'organizations/ordererOrganizations/orderer.mobility.example');
    expect(material.ordererOrg.orderer.tls.certificatePath).to.equal(join(ordererDir, 'orderers/orderer.orderer.mobility.example/tls/server.crt'));
    expect(await readFile(join(orgDir, 'msp/config.yaml'), 'utf8')).to.contain(
      'PeerOUIdentifier:\n    Certificate: cacerts/ca.oem.mobility.example-cert.pem\n    OrganizationalUnitIdentifier: peer\n',
    );
  });

  it('issues identities with NodeOU roles that chain to the org CA, and TLS certs that chain to the TLS CA', () => {
    for (const org of material.peerOrgs) {
      const expectations: [IdentityMaterial, string][] = [
        [org.peer, 'peer'],
        [org.admin, 'admin'],
        [org.user, 'client'],
      ];
      for (const [identity, role] of expectations) {
        expectIssuedBy(identity.certificatePem, org.caCertificatePem);
        expect(subjectOus(identity.certificatePem)).to.deep.equal([role]);
        expect(identity.privateKeyPem).to.match(/^-----BEGIN PRIVATE KEY-----\n/);
        expect(createPrivateKey(identity.privateKeyPem).asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
      }
      expectIssuedBy(org.peer.tls.certificatePem, org.tlsCaCertificatePem);
      expect(org.peer.tls.caCertificatePem).to.equal(org.tlsCaCertificatePem);
      expect(new X509Certificate(org.peer.tls.certificatePem).subjectAltName).to.equal(
        `DNS:${org.peer.name}, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`,
      );
    }
    const ordererOrg = material.ordererOrg;
    expectIssuedBy(ordererOrg.orderer.certificatePem, ordererOrg.caCertificatePem);
    expect(subjectOus(ordererOrg.orderer.certificatePem)).to.deep.equal(['orderer']);
    expectIssuedBy(ordererOrg.orderer.tls.certificatePem, ordererOrg.tlsCaCertificatePem);
  });

  it('gives identities the channel MSP manager accepts and whose signatures verify', () => {
    const manager = createChannelMspManager(material);
    expect(manager.mspIds).to.deep.equal(['OemMSP', 'MobilityMSP', 'AuditMSP', 'OrdererMSP']);
    const signers = [...material.peerOrgs.flatMap((org) => [org.peer, org.admin, org.user]), material.ordererOrg.orderer];
    for (const { signer } of signers) {
      const identity = manager.deserializeIdentity(signer.serialize());
      expect(identity.verify(Buffer.from('block'), signer.sign(Buffer.from('block')))).to.equal(true);
    }
    expect(manager.deserializeIdentity(material.ordererOrg.orderer.signer.serialize()).roles).to.deep.equal(['member', 'orderer']);
  });

  it('serves TLS that a client trusting the TLS CA accepts on 127.0.0.1 and localhost', async () => {
    const oem = peerOrgMaterial(material, 'OemMSP');
    const server = createServer({ cert: oem.peer.tls.certificatePem, key: oem.peer.tls.privateKeyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(await tlsHandshake(server, '127.0.0.1', oem.tlsCaCertificatePem)).to.equal(true);
      expect(await tlsHandshake(server, 'localhost', oem.tlsCaCertificatePem)).to.equal(true);
      const otherTlsCa = peerOrgMaterial(material, 'AuditMSP').tlsCaCertificatePem;
      let refused = false;
      await tlsHandshake(server, '127.0.0.1', otherTlsCa).catch(() => {
        refused = true;
      });
      expect(refused, 'a different TLS CA is not trusted').to.equal(true);
    } finally {
      server.close();
    }
  });

  it('keeps the org CA key usable for issuing further identities', async () => {
    const audit = peerOrgMaterial(material, 'AuditMSP');
    const ca = certificateAuthorityFromPem(audit.caCertificatePem, await readFile(orgPaths(audit.orgDir, audit.domain).caKeyPath, 'utf8'));
    const keys = generateKeyPair();
    const certificatePem = await issueCertificate(ca, { commonName: 'User2@audit.mobility.example', organizationalUnits: ['client'], usage: 'identity', publicKey: keys.publicKey });
    const user2 = new SigningIdentity('AuditMSP', certificatePem, keys.privateKey);
    const identity = createChannelMspManager(material).deserializeIdentity(user2.serialize());
    expect(identity.roles).to.deep.equal(['member', 'client']);
  });

  it('loads what is on disk on later calls without rewriting it', async () => {
    const certificatePath = peerOrgMaterial(material, 'OemMSP').peer.certificatePath;
    const before = (await stat(certificatePath)).mtimeMs;
    const started = performance.now();
    const again = await ensureCryptoMaterial(dataDir);
    const loadMs = performance.now() - started;
    expect(loadMs).to.be.below(1000);
    expect((await stat(certificatePath)).mtimeMs).to.equal(before);
    for (const [index, org] of material.peerOrgs.entries()) {
      const reloaded = again.peerOrgs[index];
      expect(reloaded?.caCertificatePem).to.equal(org.caCertificatePem);
      expect(reloaded?.peer.privateKeyPem).to.equal(org.peer.privateKeyPem);
      expect(reloaded?.user.signer.serialize()).to.deep.equal(org.user.signer.serialize());
    }
  });

  it('lets concurrent first calls agree on one set of material', async () => {
    const smallDir = await mkdtemp(join(tmpdir(), 'msp-crypto-race-'));
    const small: ConsortiumDefinition = { ...consortium, peerOrgs: consortium.peerOrgs.slice(0, 1) };
    try {
      const [first, second] = await Promise.all([ensureCryptoMaterial(smallDir, small), ensureCryptoMaterial(smallDir, small)]);
      expect(first.peerOrgs[0]?.caCertificatePem).to.equal(second.peerOrgs[0]?.caCertificatePem);
      expect(first.ordererOrg.orderer.certificatePem).to.equal(second.ordererOrg.orderer.certificatePem);
      const third = await ensureCryptoMaterial(smallDir, small);
      expect(third.peerOrgs[0]?.peer.certificatePem).to.equal(first.peerOrgs[0]?.peer.certificatePem);
    } finally {
      await rm(smallDir, { recursive: true, force: true });
    }
  });
});
