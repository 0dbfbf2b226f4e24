import { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { IdentityValidationError, MspError } from './errors';
import { Identity } from './identity';
import { isNodeOuRole } from './node-ous';
import { firstPemBlock } from './pem';
import { decodeSerializedIdentity } from './serialized-identity';

/** One channel MSP: its ID and the root CA certificates identities must chain to. NodeOUs are always on. */
export interface MspDefinition {
  readonly mspId: string;
  readonly rootCertificates: readonly string[];
}

export interface MspManagerOptions {
  /** Clock for validity checks (tests); defaults to Date.now. */
  readonly now?: () => number;
  /** Validated identities kept by serialized bytes. */
  readonly cacheSize?: number;
}

interface ChannelMsp {
  readonly mspId: string;
  readonly roots: readonly X509Certificate[];
}

const OU_OID = '2.5.4.11';

/**
 * The channel MSP manager: turns serialized identities into validated identities of the
 * channel's MSPs. Valid means, as in Fabric's X.509 MSP with NodeOUs: the certificate is
 * issued and signed by one of the MSP's root CAs, is inside its validity period, is not a
 * CA certificate, and carries exactly one node OU (client, peer, admin or orderer).
 */
export class MspManager {
  private readonly msps = new Map<string, ChannelMsp>();
  private readonly cache = new Map<string, Identity>();
  private readonly now: () => number;
  private readonly cacheSize: number;

  constructor(definitions: readonly MspDefinition[], options: MspManagerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.cacheSize = options.cacheSize ?? 4096;
    for (const definition of definitions) {
      if (this.msps.has(definition.mspId)) {
        throw new MspError(`MSP '${definition.mspId}' is defined twice`);
      }
      const roots = definition.rootCertificates.map((pem) => parseRootCertificate(definition.mspId, pem));
      if (roots.length === 0) {
        throw new MspError(`MSP '${definition.mspId}' has no root CA certificate`);
      }
      this.msps.set(definition.mspId, { mspId: definition.mspId, roots });
    }
  }

  get mspIds(): string[] {
    return [...this.msps.keys()];
  }

  /** Deserializes and validates, or throws IdentityValidationError. Hot path: cached by bytes. */
  deserializeIdentity(serialized: Uint8Array): Identity {
    const key = Buffer.from(serialized.buffer, serialized.byteOffset, serialized.byteLength).toString('latin1');
    const cached = this.cache.get(key);
    if (cached) {
      this.checkValidityPeriod(cached);
      return cached;
    }
    const identity = this.parseIdentity(serialized);
    this.validate(identity);
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) {
        this.cache.delete(oldest.value);
      }
    }
    this.cache.set(key, identity);
    return identity;
  }

  /** Deserializes without validating; throws for bytes that are not an identity of a channel MSP. */
  parseIdentity(serialized: Uint8Array): Identity {
    const { mspId, idBytes } = decodeSerializedIdentity(serialized);
    if (!this.msps.has(mspId)) {
      throw new IdentityValidationError('unknown-msp', mspId, `MSP '${mspId}' is not a member of the channel`);
    }
    const certificatePem = Buffer.from(idBytes).toString('utf8');
    const der = firstPemBlock(certificatePem, 'CERTIFICATE');
    if (!der) {
      throw new IdentityValidationError('not-a-certificate', mspId, 'id_bytes hold no PEM certificate');
    }
    let certificate: X509Certificate;
    let organizationalUnits: string[];
    try {
      certificate = new X509Certificate(der);
      organizationalUnits = new x509.X509Certificate(der).subjectName.getField(OU_OID);
    } catch (error) {
      throw new IdentityValidationError('not-a-certificate', mspId, (error as Error).message);
    }
    return new Identity({ mspId, serialized, certificatePem, certificate, organizationalUnits });
  }

  /** Throws IdentityValidationError unless the identity is valid for its MSP. */
  validate(identity: Identity): void {
    const msp = this.msps.get(identity.mspId);
    if (!msp) {
      throw new IdentityValidationError('unknown-msp', identity.mspId, `MSP '${identity.mspId}' is not a member of the channel`);
    }
    const certificate = identity.certificate;
    if (certificate.ca) {
      throw new IdentityValidationError('ca-certificate', msp.mspId, 'a CA certificate cannot be used as an identity');
    }
    const issuer = msp.roots.find((root) => certificate.checkIssued(root) && certificate.verify(root.publicKey));
    if (!issuer) {
      throw new IdentityValidationError('untrusted-chain', msp.mspId, `certificate '${certificate.subject.replace(/\n/g, ', ')}' is not issued by a CA of the MSP`);
    }
    const now = this.now();
    if (now < Date.parse(issuer.validFrom) || now > Date.parse(issuer.validTo)) {
      throw new IdentityValidationError('untrusted-chain', msp.mspId, 'the issuing CA certificate is outside its validity period');
    }
    this.checkValidityPeriod(identity);
    const nodeOus = identity.organizationalUnits.filter(isNodeOuRole);
    if (nodeOus.length !== 1) {
      throw new IdentityValidationError(
        'node-ou',
        msp.mspId,
        `expected exactly one of the OUs client, peer, admin, orderer; found [${identity.organizationalUnits.join(', ')}]`,
      );
    }
  }

  isValid(identity: Identity): boolean {
    try {
      this.validate(identity);
      return true;
    } catch (error) {
      if (error instanceof IdentityValidationError) {
        return false;
      }
      throw error;
    }
  }

  private checkValidityPeriod(identity: Identity): void {
    const now = this.now();
    if (now < identity.notBeforeMs) {
      throw new IdentityValidationError('not-yet-valid', identity.mspId, `certificate is valid from ${identity.certificate.validFrom}`);
    }
    if (now > identity.notAfterMs) {
      throw new IdentityValidationError('expired', identity.mspId, `certificate expired at ${identity.certificate.validTo}`);
    }
  }
}

function parseRootCertificate(mspId: string, pem: string): X509Certificate {
  const der = firstPemBlock(pem, 'CERTIFICATE');
  if (!der) {
    throw new MspError(`root certificate of MSP '${mspId}' is not PEM`);
  }
  const certificate = new X509Certificate(der);
  if (!certificate.ca) {
    throw new MspError(`root certificate of MSP '${mspId}' is not a CA certificate`);
  }
  return certificate;
}
