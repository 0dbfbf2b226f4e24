import { expect } from 'chai';
import { msp } from '@hyperledger/fabric-protos';
import { generateKeyPairSync, verify } from 'node:crypto';
import { decodeDerSignature, encodeDerSignature, flipS, isLowS } from './ecdsa-signature';
import { MspManager } from './msp-manager';
import { SigningIdentity } from './signing-identity';
import { processVerifiedSignatures } from './verified-signatures';
import { createTestCa, issueTestIdentity } from './testing/test-pki';

describe('SigningIdentity', () => {
  let signer: SigningIdentity;
  let manager: MspManager;

  before(async () => {
    const ca = await createTestCa('org1.example.com');
    signer = await issueTestIdentity(ca, 'Org1MSP', 'User1@org1.example.com', ['client']);
    manager = new MspManager([{ mspId: 'Org1MSP', rootCertificates: [ca.certificatePem] }]);
  });

  it('serializes as msp.SerializedIdentity with the certificate PEM as id_bytes', () => {
    const decoded = msp.SerializedIdentity.deserializeBinary(signer.serialize());
    expect(decoded.getMspid()).to.equal('Org1MSP');
    expect(Buffer.from(decoded.getIdBytes_asU8()).toString('utf8')).to.equal(signer.certificatePem);
    expect(signer.certificatePem).to.match(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  });

  it('makes low-S DER signatures that the MSP identity verifies', () => {
    const identity = manager.deserializeIdentity(signer.serialize());
    const message = Buffer.from('proposal bytes');
    for (let i = 0; i < 8; i += 1) {
      const signature = signer.sign(message);
      expect(isLowS(decodeDerSignature(signature)?.s ?? Buffer.alloc(33, 0xff))).to.equal(true);
      expect(identity.verify(message, signature)).to.equal(true);
    }
  });

  it('rejects a tampered message and a tampered signature', () => {
    const identity = manager.deserializeIdentity(signer.serialize());
    const message = Buffer.from('proposal bytes');
    const signature = Buffer.from(signer.sign(message));
    expect(identity.verify(Buffer.from('proposal bytez'), signature)).to.equal(false);
    const flipped = Buffer.from(signature);
    flipped[10] = (flipped[10] ?? 0) ^ 0x01;
    expect(identity.verify(message, flipped)).to.equal(false);
  });

  it('rejects the high-S twin of a valid signature, as Fabric does', () => {
    const identity = manager.deserializeIdentity(signer.serialize());
    const message = Buffer.from('transaction envelope');
    const scalars = decodeDerSignature(signer.sign(message));
    expect(scalars).to.not.equal(undefined);
    const highS = encodeDerSignature(scalars?.r ?? Buffer.alloc(0), flipS(scalars?.s ?? Buffer.alloc(0)));
    expect(verify('sha256', message, identity.publicKey, highS), 'mathematically valid').to.equal(true);
    expect(identity.verify(message, highS)).to.equal(false);
  });

  it('records its own signatures as verified for its identity, over exactly the signed bytes', () => {
    const identity = manager.deserializeIdentity(signer.serialize());
    const message = Buffer.from('proposal response payload');
    const signature = signer.sign(message);
    expect(processVerifiedSignatures.has(identity.id, message, signature)).to.equal(true);
    expect(processVerifiedSignatures.has(identity.id, Buffer.from('other bytes'), signature)).to.equal(false);
  });

  it('vouches for nothing when its key is not the certificate\'s', () => {
    const mismatched = new SigningIdentity('Org1MSP', signer.certificatePem, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const identity = manager.deserializeIdentity(mismatched.serialize());
    const message = Buffer.from('forged endorsement');
    const signature = mismatched.sign(message);
    expect(processVerifiedSignatures.has(identity.id, message, signature)).to.equal(false);
    expect(identity.verify(message, signature)).to.equal(false);
  });
});
