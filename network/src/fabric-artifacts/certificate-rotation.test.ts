import { expect } from 'chai';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCryptoMaterial } from '../msp/crypto-material';
import { rotateIdentityCertificate, rotateTlsCertificate } from './certificate-rotation';
import { fabricDeployment } from './deployment';
import { FabricArtifactsError } from './errors';

describe('fabric-artifacts: certificate rotation', function () {
  this.timeout(30_000);
  const deployment = fabricDeployment();
  let runDir: string;
  const read = (relative: string) => readFileSync(path.join(runDir, relative), 'utf8');
  const orgDir = 'organizations/peerOrganizations/oem.mobility.example';

  beforeEach(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'fabric-rotation-'));
    await ensureCryptoMaterial(runDir);
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  function expectPair(certificatePem: string, keyPem: string): X509Certificate {
    const certificate = new X509Certificate(certificatePem);
    const derived = createPublicKey(createPrivateKey(keyPem)).export({ format: 'der', type: 'spki' });
    expect(Buffer.from(certificate.publicKey.export({ format: 'der', type: 'spki' })).equals(derived)).to.equal(true);
    return certificate;
  }

  it("replaces a user's signing key and certificate with new ones from the org CA, same name and role", async () => {
    const before = read(`${orgDir}/users/User1@oem.mobility.example/msp/signcerts/cert.pem`);
    const files = await rotateIdentityCertificate(runDir, deployment, 'User1@oem.mobility.example');
    expect(files.certificate).to.equal(`${orgDir}/users/User1@oem.mobility.example/msp/signcerts/cert.pem`);
    const after = read(files.certificate);
    expect(after).to.not.equal(before);
    const certificate = expectPair(after, read(files.privateKey));
    const ca = new X509Certificate(read(`${orgDir}/ca/ca.oem.mobility.example-cert.pem`));
    expect(certificate.checkIssued(ca) && certificate.verify(ca.publicKey)).to.equal(true);
    expect(certificate.subject).to.include('OU=client').and.to.include('CN=User1@oem.mobility.example');
  });

  it("replaces a peer's TLS server certificate with one from the org TLS CA for the same host names", async () => {
    const files = await rotateTlsCertificate(runDir, deployment, 'peer0.oem.mobility.example');
    const certificate = expectPair(read(files.certificate), read(files.privateKey));
    const tlsCa = new X509Certificate(read(`${orgDir}/tlsca/tlsca.oem.mobility.example-cert.pem`));
    expect(certificate.checkIssued(tlsCa) && certificate.verify(tlsCa.publicKey)).to.equal(true);
    expect(certificate.subjectAltName).to.include('DNS:peer0.oem.mobility.example').and.to.include('DNS:localhost').and.to.include('IP Address:127.0.0.1');
  });

  it("refuses the orderer's TLS certificate (pinned in the consenter set) and unknown names", async () => {
    await rotateTlsCertificate(runDir, deployment, 'orderer.orderer.mobility.example').then(
      () => expect.fail('rotated the orderer TLS certificate'),
      (error: unknown) => expect(error).to.be.instanceOf(FabricArtifactsError).with.property('message').that.includes('consenter set'),
    );
    await rotateIdentityCertificate(runDir, deployment, 'User1@nowhere.example').then(
      () => expect.fail('rotated an unknown identity'),
      (error: unknown) => expect(error).to.be.instanceOf(FabricArtifactsError),
    );
  });
});
