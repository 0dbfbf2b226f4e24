import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { toLowSP1363 } from './ecdsa-signature';
import { toPem } from './pem';

/**
 * X.509 issuance in the shape of Fabric's cryptogen (internal/cryptogen/ca): ECDSA P-256 with
 * SHA-256, subject C=US/ST=California/L=San Francisco, ten-year validity backdated five minutes,
 * subject key identifier = SHA-256 of the public point, low-S certificate signatures.
 */

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** PKCS#8 PEM, as written to keystore/priv_sk. */
  readonly privateKeyPem: string;
}

export interface CertificateAuthority {
  readonly commonName: string;
  readonly certificatePem: string;
  readonly keys: KeyPair;
  readonly certificate: x509.X509Certificate;
  readonly subjectKeyId: string;
}

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface CertificateRequest {
  readonly commonName: string;
  readonly organizationalUnits?: readonly string[];
  /** 'identity': digitalSignature only (MSP signcert); 'tls': server and client auth with SANs. */
  readonly usage: 'identity' | 'tls';
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly publicKey: KeyObject;
  readonly validity?: Validity;
}

const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const TEN_YEARS_MS = 3650 * 24 * 60 * 60 * 1000;

/** WebCrypto whose ECDSA signatures are low-S, so certificates need no sanitising by Fabric's MSP. */
const lowSCrypto = createLowSCrypto();

export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKey, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** cryptogen's validity: from now rounded to the minute minus five minutes, for ten years. */
export function defaultValidity(nowMs = Date.now()): Validity {
  const notBefore = new Date(Math.round(nowMs / 60_000) * 60_000 - 5 * 60_000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + TEN_YEARS_MS) };
}

/** A self-signed root CA (CA:true, certSign/crlSign) with subject O=<organization>, CN=<commonName>. */
export async function createCertificateAuthority(params: {
  readonly commonName: string;
  readonly organization: string;
  readonly keys?: KeyPair;
  readonly validity?: Validity;
}): Promise<CertificateAuthority> {
  const keys = params.keys ?? generateKeyPair();
  const validity = params.validity ?? defaultValidity();
  const subjectKeyId = subjectKeyIdentifier(keys.publicKey);
  const name = subjectName({ organization: params.organization, commonName: params.commonName });
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: name,
      issuer: name,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      signingAlgorithm: SIGNING_ALGORITHM,
      publicKey: spki(keys.publicKey),
      signingKey: await importSigningKey(keys.privateKey),
      extensions: [
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature |
            x509.KeyUsageFlags.keyEncipherment |
            x509.KeyUsageFlags.keyCertSign |
            x509.KeyUsageFlags.cRLSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.SubjectKeyIdentifierExtension(subjectKeyId),
      ],
    },
    lowSCrypto,
  );
  return { commonName: params.commonName, certificatePem: toPem('CERTIFICATE', new Uint8Array(certificate.rawData)), keys, certificate, subjectKeyId };
}

/** Rebuilds a CA from its certificate and PKCS#8 key, e.g. as stored in <org>/ca, to issue more identities. */
export function certificateAuthorityFromPem(certificatePem: string, privateKeyPem: string): CertificateAuthority {
  const privateKey = createPrivateKey(privateKeyPem);
  const keys: KeyPair = { privateKey, publicKey: createPublicKey(privateKey), privateKeyPem };
  const certificate = new x509.X509Certificate(certificatePem);
  const commonName = certificate.subjectName.getField('CN')[0] ?? '';
  return { commonName, certificatePem, keys, certificate, subjectKeyId: subjectKeyIdentifier(keys.publicKey) };
}

/** Issues an end-entity certificate (CA:false) signed by the CA; returns PEM. */
export async function issueCertificate(ca: CertificateAuthority, request: CertificateRequest): Promise<string> {
  const validity = request.validity ?? defaultValidity();
  const extensions: x509.Extension[] = [];
  if (request.usage === 'tls') {
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    );
  } else {
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
  }
  extensions.push(
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.AuthorityKeyIdentifierExtension(ca.subjectKeyId),
  );
  const altNames: x509.JsonGeneralName[] = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (altNames.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(altNames));
  }
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: subjectName({ organizationalUnits: request.organizationalUnits, commonName: request.commonName }),
      issuer: ca.certificate.subjectName,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      signingAlgorithm: SIGNING_ALGORITHM,
      publicKey: spki(request.publicKey),
      signingKey: await importSigningKey(ca.keys.privateKey),
      extensions,
    },
    lowSCrypto,
  );
  return toPem('CERTIFICATE', new Uint8Array(certificate.rawData));
}

/** RFC 7093 method 4 as cryptogen computes it: SHA-256 of the uncompressed EC point. */
export function subjectKeyIdentifier(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
  return createHash('sha256').update(point).digest('hex');
}

function subjectName(parts: { organization?: string; organizationalUnits?: readonly string[]; commonName: string }): x509.JsonName {
  // Go's pkix.Name order: C, ST, L, O, OU, CN.
  const name: x509.JsonName = [{ C: ['US'] }, { ST: ['California'] }, { L: ['San Francisco'] }];
  if (parts.organization) {
    name.push({ O: [parts.organization] });
  }
  for (const ou of parts.organizationalUnits ?? []) {
    name.push({ OU: [ou] });
  }
  name.push({ CN: [parts.commonName] });
  return name;
}

function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01; // positive and a non-zero leading byte: a minimal DER integer
  return bytes.toString('hex');
}

function spki(publicKey: KeyObject): ArrayBuffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

const signingKeys = new WeakMap<KeyObject, Promise<webcrypto.CryptoKey>>();

function importSigningKey(privateKey: KeyObject): Promise<webcrypto.CryptoKey> {
  let key = signingKeys.get(privateKey);
  if (!key) {
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    key = webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']) as Promise<webcrypto.CryptoKey>;
    signingKeys.set(privateKey, key);
  }
  return key;
}

function createLowSCrypto(): webcrypto.Crypto {
  const subtle = webcrypto.subtle;
  const lowSSubtle = new Proxy(subtle, {
    get(target, property) {
      if (property === 'sign') {
        return async (algorithm: webcrypto.EcdsaParams, key: webcrypto.CryptoKey, data: webcrypto.BufferSource): Promise<ArrayBuffer> => {
          const signature = new Uint8Array(await target.sign(algorithm, key, data));
          const lowS = toLowSP1363(signature);
          return lowS.buffer.slice(lowS.byteOffset, lowS.byteOffset + lowS.byteLength) as ArrayBuffer;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    subtle: lowSSubtle,
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => webcrypto.getRandomValues(array as never) as T,
    randomUUID: () => webcrypto.randomUUID(),
  } as unknown as webcrypto.Crypto;
}
