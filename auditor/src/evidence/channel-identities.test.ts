import { expect } from 'chai';
import { createSign, X509Certificate } from 'node:crypto';
import { createCertificateAuthority, generateKeyPair, issueCertificate, type CertificateAuthority } from '@mobility-ledger/network/dist/msp/certificate-factory';
import { decodeDerSignature, encodeDerSignature, flipS } from '@mobility-ledger/network/dist/msp/ecdsa-signature';
import { serializeIdentity } from '@mobility-ledger/network/dist/msp/serialized-identity';
import { ChannelIdentities } from './channel-identities';
import type { ChannelMspDefinition } from './channel-msps';
import { VerificationError } from './verification-error';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1);

function definition(mspId: string, ca: CertificateAuthority, extra: Partial<ChannelMspDefinition> = {}): ChannelMspDefinition {
  return {
    mspId,
    groupPath: `/Channel/Application/${mspId}`,
    rootCertificates: [new X509Certificate(ca.certificatePem)],
    intermediateCertificates: [],
    adminCertificates: [],
    nodeOus: { enabled: true, client: 'client', peer: 'peer', admin: 'admin', orderer: 'orderer' },
    ...extra,
  };
}

function rejectionOf(run: () => unknown): VerificationError {
  try {
    run();
  } catch (error) {
    if (error instanceof VerificationError) return error;
    throw error;
  }
  return expect.fail('expected a rejection');
}

describe('channel identities from the config MSPs', function () {
  this.timeout(20_000);
  let ca: CertificateAuthority;
  let otherCa: CertificateAuthority;
  let identities: ChannelIdentities;
  const peerKeys = generateKeyPair();
  let peerPem: string;

  before(async () => {
    const validity = { notBefore: new Date(NOW - 30 * DAY), notAfter: new Date(NOW + 30 * DAY) };
    ca = await createCertificateAuthority({ commonName: 'ca.oem.example', organization: 'oem.example', validity: { notBefore: new Date(NOW - 365 * DAY), notAfter: new Date(NOW + 365 * DAY) } });
    otherCa = await createCertificateAuthority({ commonName: 'ca.other.example', organization: 'other.example' });
    peerPem = await issueCertificate(ca, { commonName: 'peer0.oem.example', organizationalUnits: ['peer'], usage: 'identity', publicKey: peerKeys.publicKey, validity });
    identities = new ChannelIdentities([definition('OemMSP', ca)]);
  });

  it('gives a valid identity its node OU role and member, and verifies its low-S signatures only', () => {
    const peer = identities.identify(serializeIdentity('OemMSP', peerPem), NOW);
    expect([peer.mspId, peer.commonName]).to.deep.equal(['OemMSP', 'peer0.oem.example']);
    expect(['member', 'peer', 'client', 'admin', 'orderer'].map((role) => peer.hasRole(role as never))).to.deep.equal([true, true, false, false, false]);
    const message = Buffer.from('proposal response payload || endorser');
    const der = createSign('sha256').update(message).sign(peerKeys.privateKey);
    const { r, s } = decodeDerSignature(der) as { r: Buffer; s: Buffer };
    const lowS = s.compare(flipS(s)) <= 0 ? der : encodeDerSignature(r, flipS(s));
    const highS = encodeDerSignature(r, flipS(decodeDerSignature(lowS)?.s ?? s));
    expect(peer.verify(message, lowS)).to.equal(true);
    expect(peer.verify(message, highS), 'the same signature with high S, as Fabric refuses').to.equal(false);
    expect(peer.verify(Buffer.from('another message'), lowS)).to.equal(false);
  });

  it('checks validity at the time given (the transaction’s), not today', () => {
    const serialized = serializeIdentity('OemMSP', peerPem);
    expect(identities.identify(serialized, NOW - 29 * DAY).commonName).to.equal('peer0.oem.example');
    expect(rejectionOf(() => identities.identify(serialized, NOW + 31 * DAY)).message).to.match(/^CERTIFICATE: OemMSP certificate '[^']*CN=peer0\.oem\.example' is not valid at 2026-07-02/);
  });

  it('refuses certificates of another CA, unknown MSPs, CA certificates and ambiguous node OUs', async () => {
    const foreign = await issueCertificate(otherCa, { commonName: 'peer0.fake', organizationalUnits: ['peer'], usage: 'identity', publicKey: generateKeyPair().publicKey });
    expect(rejectionOf(() => identities.identify(serializeIdentity('OemMSP', foreign), Date.now())).message).to.match(/does not chain to a CA of OemMSP in the channel config/);
    expect(rejectionOf(() => identities.identify(serializeIdentity('MalloryMSP', peerPem), NOW)).message).to.match(/MSP 'MalloryMSP' is not defined in the channel config/);
    expect(rejectionOf(() => identities.identify(serializeIdentity('OemMSP', ca.certificatePem), NOW)).message).to.match(/is a CA certificate/);
    const twoRoles = await issueCertificate(ca, { commonName: 'both.oem.example', organizationalUnits: ['peer', 'client'], usage: 'identity', publicKey: generateKeyPair().publicKey });
    expect(rejectionOf(() => identities.identify(serializeIdentity('OemMSP', twoRoles), Date.now())).message).to.match(/must carry exactly one node OU/);
    expect(rejectionOf(() => identities.identify(Buffer.from('not an identity'), NOW)).reason).to.equal('CERTIFICATE');
  });

  it('without NodeOUs knows members and the admin certificates only, as Fabric 1.x-style MSPs', () => {
    const legacy = new ChannelIdentities([
      definition('OemMSP', ca, {
        nodeOus: { enabled: false, client: undefined, peer: undefined, admin: undefined, orderer: undefined },
        adminCertificates: [new X509Certificate(peerPem)],
      }),
    ]);
    const identity = legacy.identify(serializeIdentity('OemMSP', peerPem), NOW);
    expect(['member', 'peer', 'admin'].map((role) => identity.hasRole(role as never))).to.deep.equal([true, false, true]);
  });
});
