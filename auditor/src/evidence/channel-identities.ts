/**
 * Validates serialized identities against the channel's MSPs as Fabric's X.509 MSP does, at a given
 * time (the transaction's, so old evidence stays checkable after certificates expire): the certificate
 * chains through the MSP's intermediates to one of its roots, every certificate of the chain is within
 * its validity period, it is not a CA, and with NodeOUs it carries exactly one node OU.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { msp } from '@hyperledger/fabric-protos';
import { isAcceptableDerSignature } from '@mobility-ledger/network/dist/msp/ecdsa-signature';
import type { MspRoleName, PolicyIdentity } from '@mobility-ledger/network/dist/policy/policy-identity';
import type { ChannelMspDefinition } from './channel-msps';
import { reject } from './verification-error';

const OU_OID = '2.5.4.11';
const MAX_CHAIN_LENGTH = 5;

/** An identity that chains to a channel MSP: what policies evaluate and what verifies signatures. */
export class VerifiedIdentity implements PolicyIdentity {
  /** Hex SHA-256 of the certificate DER (Fabric's identity identifier). */
  readonly id: string;

  constructor(
    readonly mspId: string,
    readonly certificate: X509Certificate,
    readonly certificatePem: string,
    private readonly roles: ReadonlySet<MspRoleName>,
  ) {
    this.id = createHash('sha256').update(certificate.raw).digest('hex');
  }

  /** The certificate subject's common name, for reports. */
  get commonName(): string {
    return /(?:^|\n)CN=([^\n]*)/.exec(this.certificate.subject)?.[1] ?? this.certificate.subject;
  }

  hasRole(role: MspRoleName): boolean {
    return this.roles.has(role);
  }

  /** ECDSA over SHA-256, DER with low S as Fabric's bccsp requires. */
  verify(message: Uint8Array, signature: Uint8Array): boolean {
    if (!isAcceptableDerSignature(signature)) return false;
    try {
      return verify('sha256', message, this.certificate.publicKey, signature);
    } catch {
      return false;
    }
  }
}

function withinValidity(certificate: X509Certificate, atMs: number): boolean {
  return atMs >= Date.parse(certificate.validFrom) && atMs <= Date.parse(certificate.validTo);
}

function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
}

interface CachedIdentity {
  readonly identity: VerifiedIdentity;
  /** Validity window of the certificate and its whole chain. */
  readonly fromMs: number;
  readonly toMs: number;
}

export class ChannelIdentities {
  private readonly byMspId: ReadonlyMap<string, ChannelMspDefinition>;
  /** Identities already validated, by serialized bytes: a ledger scan meets the same few many times. */
  private readonly cache = new Map<string, CachedIdentity>();

  constructor(readonly msps: readonly ChannelMspDefinition[]) {
    this.byMspId = new Map(msps.map((definition) => [definition.mspId, definition]));
  }

  /** The valid identity behind msp.SerializedIdentity bytes, or a CERTIFICATE rejection saying why not. */
  identify(serialized: Uint8Array, atMs: number): VerifiedIdentity {
    const key = Buffer.from(serialized).toString('base64');
    const cached = this.cache.get(key);
    if (cached && atMs >= cached.fromMs && atMs <= cached.toMs) return cached.identity;
    const identity = this.validate(serialized, atMs);
    if (this.cache.size >= 1024) this.cache.clear();
    const chain = this.chainOf(identity);
    this.cache.set(key, {
      identity,
      fromMs: Math.max(...chain.map((certificate) => Date.parse(certificate.validFrom))),
      toMs: Math.min(...chain.map((certificate) => Date.parse(certificate.validTo))),
    });
    return identity;
  }

  /** The certificate and the CAs it chains through (already validated). */
  private chainOf(identity: VerifiedIdentity): X509Certificate[] {
    const definition = this.byMspId.get(identity.mspId) as ChannelMspDefinition;
    const chain = [identity.certificate];
    let current = identity.certificate;
    for (let depth = 0; depth < MAX_CHAIN_LENGTH; depth += 1) {
      const issuer = [...definition.rootCertificates, ...definition.intermediateCertificates].find((candidate) => issuedBy(current, candidate));
      if (!issuer || issuer === current) break;
      chain.push(issuer);
      if (definition.rootCertificates.includes(issuer)) break;
      current = issuer;
    }
    return chain;
  }

  private validate(serialized: Uint8Array, atMs: number): VerifiedIdentity {
    let mspId: string;
    let pem: string;
    try {
      const identity = msp.SerializedIdentity.deserializeBinary(serialized);
      mspId = identity.getMspid();
      pem = Buffer.from(identity.getIdBytes_asU8()).toString('utf8');
    } catch (error) {
      return reject('CERTIFICATE', `not a serialized identity: ${(error as Error).message}`);
    }
    const definition = this.byMspId.get(mspId);
    if (!definition) return reject('CERTIFICATE', `MSP '${mspId}' is not defined in the channel config`);
    let certificate: X509Certificate;
    let organizationalUnits: string[];
    try {
      const parsed = new x509.X509Certificate(pem);
      certificate = new X509Certificate(Buffer.from(parsed.rawData));
      organizationalUnits = parsed.subjectName.getField(OU_OID);
    } catch (error) {
      return reject('CERTIFICATE', `identity of ${mspId} holds no X.509 certificate: ${(error as Error).message}`);
    }
    const subject = certificate.subject.replace(/\n/g, ', ');
    if (certificate.ca) reject('CERTIFICATE', `${mspId} identity '${subject}' is a CA certificate`);
    if (!withinValidity(certificate, atMs)) {
      reject('CERTIFICATE', `${mspId} certificate '${subject}' is not valid at ${new Date(atMs).toISOString()} (${certificate.validFrom} – ${certificate.validTo})`);
    }
    this.checkChain(definition, certificate, subject, atMs);
    return new VerifiedIdentity(mspId, certificate, pem, rolesOf(definition, certificate, organizationalUnits, subject));
  }

  private checkChain(definition: ChannelMspDefinition, certificate: X509Certificate, subject: string, atMs: number): void {
    let current = certificate;
    for (let depth = 0; depth < MAX_CHAIN_LENGTH; depth += 1) {
      const root = definition.rootCertificates.find((candidate) => issuedBy(current, candidate));
      if (root) {
        if (!withinValidity(root, atMs)) reject('CERTIFICATE', `the ${definition.mspId} root CA is not valid at ${new Date(atMs).toISOString()}`);
        return;
      }
      const intermediate = definition.intermediateCertificates.find((candidate) => issuedBy(current, candidate));
      if (!intermediate) break;
      if (!withinValidity(intermediate, atMs)) reject('CERTIFICATE', `a ${definition.mspId} intermediate CA is not valid at ${new Date(atMs).toISOString()}`);
      current = intermediate;
    }
    reject('CERTIFICATE', `certificate '${subject}' does not chain to a CA of ${definition.mspId} in the channel config`);
  }
}

function rolesOf(definition: ChannelMspDefinition, certificate: X509Certificate, organizationalUnits: readonly string[], subject: string): Set<MspRoleName> {
  const roles = new Set<MspRoleName>(['member']);
  const { nodeOus } = definition;
  if (nodeOus.enabled) {
    const byRole: [MspRoleName, string | undefined][] = [
      ['client', nodeOus.client],
      ['peer', nodeOus.peer],
      ['admin', nodeOus.admin],
      ['orderer', nodeOus.orderer],
    ];
    const matched = byRole.filter(([, ou]) => ou !== undefined && organizationalUnits.includes(ou));
    if (matched.length !== 1) {
      reject('CERTIFICATE', `${definition.mspId} identity '${subject}' must carry exactly one node OU; it has [${organizationalUnits.join(', ')}]`);
    }
    for (const [role] of matched) roles.add(role);
  }
  if (definition.adminCertificates.some((admin) => admin.raw.equals(certificate.raw))) roles.add('admin');
  return roles;
}
