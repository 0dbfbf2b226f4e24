import {
  createCertificateAuthority,
  generateKeyPair,
  issueCertificate,
  type CertificateAuthority,
  type Validity,
} from '../certificate-factory';
import { SigningIdentity } from '../signing-identity';

/** In-memory CAs and identities for MSP and policy tests (no files). */
export async function createTestCa(domain: string, validity?: Validity): Promise<CertificateAuthority> {
  return createCertificateAuthority({ commonName: `ca.${domain}`, organization: domain, validity });
}

export async function issueTestIdentity(
  ca: CertificateAuthority,
  mspId: string,
  commonName: string,
  organizationalUnits: readonly string[],
  validity?: Validity,
): Promise<SigningIdentity> {
  const keys = generateKeyPair();
  const certificatePem = await issueCertificate(ca, { commonName, organizationalUnits, usage: 'identity', publicKey: keys.publicKey, validity });
  return new SigningIdentity(mspId, certificatePem, keys.privateKey);
}
