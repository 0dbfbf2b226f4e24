import { expect } from 'chai';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { consortium } from '../consortium/consortium';
import type { CertificateAuthority } from '../msp/certificate-factory';
import type { Identity } from '../msp/identity';
import { MspManager } from '../msp/msp-manager';
import type { SigningIdentity } from '../msp/signing-identity';
import { createTestCa, issueTestIdentity } from '../msp/testing/test-pki';
import { createValidationPolicies } from './validation-policies';

describe('createValidationPolicies (MSP identities through policies)', () => {
  const message = Buffer.from('proposal response payload');
  let cas: Map<string, CertificateAuthority>;
  let manager: MspManager;

  before(async () => {
    const orgs = consortium.peerOrgs;
    const created = await Promise.all(orgs.map((org) => createTestCa(org.domain)));
    cas = new Map(orgs.map((org, index) => [org.mspId, created[index] as CertificateAuthority]));
    manager = new MspManager(orgs.map((org) => ({ mspId: org.mspId, rootCertificates: [cas.get(org.mspId)?.certificatePem ?? ''] })));
  });

  async function signer(mspId: string, role: 'peer' | 'client'): Promise<SigningIdentity> {
    const ca = cas.get(mspId);
    if (!ca) {
      throw new Error(`no CA for ${mspId}`);
    }
    return issueTestIdentity(ca, mspId, `${role}@${mspId}`, [role]);
  }

  /** What the validator does per endorsement: deserialize, verify the signature, keep the identity. */
  function endorsers(policies: ReturnType<typeof createValidationPolicies>, signers: readonly SigningIdentity[]): Identity[] {
    return signers.map((s) => {
      const identity = policies.deserializeIdentity(s.serialize());
      expect(identity.verify(message, s.sign(message))).to.equal(true);
      return identity;
    });
  }

  it('checks the chaincode policy (MAJORITY Endorsement) over verified MSP identities', async () => {
    const policies = createValidationPolicies(manager);
    const [oemPeer, mobilityPeer, oemClient] = await Promise.all([signer('OemMSP', 'peer'), signer('MobilityMSP', 'peer'), signer('OemMSP', 'client')]);
    expect(policies.chaincodePolicySatisfied(endorsers(policies, [oemPeer, mobilityPeer]))).to.equal(true);
    expect(policies.chaincodePolicySatisfied(endorsers(policies, [oemPeer, oemPeer]))).to.equal(false);
    expect(policies.chaincodePolicySatisfied(endorsers(policies, [oemPeer, oemClient]))).to.equal(false);
  });

  it('checks key-level policies from VALIDATION_PARAMETER bytes, refusing unusable ones', async () => {
    const policies = createValidationPolicies(manager);
    const keyPolicy = new KeyEndorsementPolicy();
    keyPolicy.addOrgs('PEER', 'AuditMSP');
    const [auditPeer, oemPeer] = await Promise.all([signer('AuditMSP', 'peer'), signer('OemMSP', 'peer')]);
    expect(policies.keyPolicySatisfied(keyPolicy.getPolicy(), endorsers(policies, [auditPeer]))).to.equal(true);
    expect(policies.keyPolicySatisfied(keyPolicy.getPolicy(), endorsers(policies, [oemPeer]))).to.equal(false);
    expect(policies.keyPolicySatisfied(Buffer.from([0x12, 0xff]), endorsers(policies, [auditPeer]))).to.equal(false);
  });
});
