import * as x509 from '@peculiar/x509';
import type { Identity } from '@hyperledger/fabric-gateway';
import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface ForeignIdentity {
  readonly identity: Identity;
  readonly privateKey: KeyObject;
}

/**
 * A client identity that claims an MSP ID but whose certificate comes from a CA outside the
 * consortium: a fresh self-signed root issues a Fabric-style client certificate (OU=client).
 */
export async function foreignClientIdentity(mspId: string, commonName = 'User1@intruder.example'): Promise<ForeignIdentity> {
  const caKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const clientKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 5 * 60_000);
  const notAfter = new Date(Date.now() + 24 * 60 * 60_000);
  const caName = 'C=US, O=intruder.example, CN=ca.intruder.example';
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `C=US, OU=client, CN=${commonName}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: clientKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', clientKeys.privateKey));
  return {
    identity: { mspId, credentials: Buffer.from(certificate.toString('pem')) },
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
  };
}
