import { expect } from 'chai';
import { msp } from '@hyperledger/fabric-protos';
import type { CertificateAuthority } from './certificate-factory';
import { IdentityValidationError, type IdentityValidationReason } from './errors';
import { MspManager } from './msp-manager';
import { serializeIdentity } from './serialized-identity';
import { createTestCa, issueTestIdentity } from './testing/test-pki';

const DAY = 24 * 60 * 60 * 1000;

function expectInvalid(action: () => unknown, reason: IdentityValidationReason): void {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(IdentityValidationError);
    expect((error as IdentityValidationError).reason).to.equal(reason);
    return;
  }
  expect.fail(`expected an IdentityValidationError (${reason})`);
}

describe('MspManager', () => {
  let org1Ca: CertificateAuthority;
  let org2Ca: CertificateAuthority;
  let manager: MspManager;

  before(async () => {
    [org1Ca, org2Ca] = await Promise.all([createTestCa('org1.example.com'), createTestCa('org2.example.com')]);
    manager = new MspManager([
      { mspId: 'Org1MSP', rootCertificates: [org1Ca.certificatePem] },
      { mspId: 'Org2MSP', rootCertificates: [org2Ca.certificatePem] },
    ]);
  });

  it('deserializes a valid identity with its role, member included, and a stable id', async () => {
    const peer = await issueTestIdentity(org1Ca, 'Org1MSP', 'peer0.org1.example.com', ['peer']);
    const identity = manager.deserializeIdentity(peer.serialize());
    expect(identity.mspId).to.equal('Org1MSP');
    expect(identity.roles).to.deep.equal(['member', 'peer']);
    expect(identity.hasRole('peer')).to.equal(true);
    expect(identity.hasRole('member')).to.equal(true);
    expect(identity.hasRole('client')).to.equal(false);
    expect(identity.id).to.match(/^[0-9a-f]{64}$/);
    expect(manager.deserializeIdentity(Uint8Array.from(peer.serialize())), 'cached by bytes').to.equal(identity);
  });

  it('rejects an identity issued by a foreign CA under a channel MSP ID', async () => {
    const foreignCa = await createTestCa('org1.example.com');
    const impostor = await issueTestIdentity(foreignCa, 'Org1MSP', 'peer0.org1.example.com', ['peer']);
    expectInvalid(() => manager.deserializeIdentity(impostor.serialize()), 'untrusted-chain');
  });

  it('rejects an identity of one MSP presented under another MSP ID', async () => {
    const org2Client = await issueTestIdentity(org2Ca, 'Org2MSP', 'User1@org2.example.com', ['client']);
    expectInvalid(() => manager.deserializeIdentity(serializeIdentity('Org1MSP', org2Client.certificatePem)), 'untrusted-chain');
  });

  it('rejects unknown MSPs, non-certificates and CA certificates', () => {
    expectInvalid(() => manager.deserializeIdentity(serializeIdentity('Org9MSP', org1Ca.certificatePem)), 'unknown-msp');
    expectInvalid(() => manager.deserializeIdentity(serializeIdentity('Org1MSP', 'not a certificate')), 'not-a-certificate');
    expectInvalid(() => manager.deserializeIdentity(serializeIdentity('Org1MSP', org1Ca.certificatePem)), 'ca-certificate');
    expectInvalid(() => manager.deserializeIdentity(Buffer.from([0xff, 0xff, 0xff])), 'malformed');
  });

  it('rejects identities without exactly one node OU', async () => {
    const noRole = await issueTestIdentity(org1Ca, 'Org1MSP', 'nobody', ['engineering']);
    const twoRoles = await issueTestIdentity(org1Ca, 'Org1MSP', 'both', ['peer', 'client']);
    expectInvalid(() => manager.deserializeIdentity(noRole.serialize()), 'node-ou');
    expectInvalid(() => manager.deserializeIdentity(twoRoles.serialize()), 'node-ou');
  });

  it('enforces the validity period, also for cached identities', async () => {
    const now = Date.now();
    const expired = await issueTestIdentity(org1Ca, 'Org1MSP', 'old', ['client'], {
      notBefore: new Date(now - 10 * DAY),
      notAfter: new Date(now - DAY),
    });
    expectInvalid(() => manager.deserializeIdentity(expired.serialize()), 'expired');
    const future = await issueTestIdentity(org1Ca, 'Org1MSP', 'future', ['client'], {
      notBefore: new Date(now + DAY),
      notAfter: new Date(now + 10 * DAY),
    });
    expectInvalid(() => manager.deserializeIdentity(future.serialize()), 'not-yet-valid');

    let clock = now;
    const timed = new MspManager([{ mspId: 'Org1MSP', rootCertificates: [org1Ca.certificatePem] }], { now: () => clock });
    const shortLived = await issueTestIdentity(org1Ca, 'Org1MSP', 'short', ['client'], {
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + DAY),
    });
    timed.deserializeIdentity(shortLived.serialize());
    clock = now + 2 * DAY;
    expectInvalid(() => timed.deserializeIdentity(shortLived.serialize()), 'expired');
  });

  it('keeps the serialized bytes and PEM of the identity as presented', async () => {
    const admin = await issueTestIdentity(org2Ca, 'Org2MSP', 'Admin@org2.example.com', ['admin']);
    const identity = manager.deserializeIdentity(admin.serialize());
    expect(identity.certificatePem).to.equal(admin.certificatePem);
    expect(msp.SerializedIdentity.deserializeBinary(identity.serialized).getMspid()).to.equal('Org2MSP');
    expect(manager.isValid(identity)).to.equal(true);
  });

  it('refuses a root certificate that is not a CA', async () => {
    const leaf = await issueTestIdentity(org1Ca, 'Org1MSP', 'leaf', ['client']);
    expect(() => new MspManager([{ mspId: 'X', rootCertificates: [leaf.certificatePem] }])).to.throw(/not a CA/);
  });
});
