import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createCertificateAuthority, generateKeyPair, issueCertificate, type CertificateAuthority } from './certificate-factory';
import { localMspPaths, nodeBaseDir, nodeOuCaReference, orgPaths, serverTlsPaths, userBaseDir } from './crypto-layout';
import { nodeOuConfigYaml, type NodeOuRole } from './node-ous';
import type { OrgSpec } from './org-spec';

/**
 * Writes one organization's crypto material into orgDir, as cryptogen would with
 * EnableNodeOUs: a signing CA and a TLS CA, the org's verifying MSP, the node's local MSP and
 * TLS server credentials, and the users' local MSPs.
 */
export async function generateOrgCrypto(orgDir: string, spec: OrgSpec): Promise<void> {
  const paths = orgPaths(orgDir, spec.domain);
  const [signingCa, tlsCa] = await Promise.all([
    createCertificateAuthority({ commonName: `ca.${spec.domain}`, organization: spec.domain }),
    createCertificateAuthority({ commonName: `tlsca.${spec.domain}`, organization: spec.domain }),
  ]);
  const configYaml = nodeOuConfigYaml(nodeOuCaReference(spec.domain));
  await Promise.all([
    writeText(paths.caCertPath, signingCa.certificatePem),
    writeText(paths.caKeyPath, signingCa.keys.privateKeyPem, 0o600),
    writeText(paths.tlsCaCertPath, tlsCa.certificatePem),
    writeText(paths.tlsCaKeyPath, tlsCa.keys.privateKeyPem, 0o600),
    writeText(paths.mspCaCertPath, signingCa.certificatePem),
    writeText(paths.mspTlsCaCertPath, tlsCa.certificatePem),
    writeText(paths.mspConfigPath, configYaml),
    generateNode(orgDir, spec, signingCa, tlsCa, configYaml),
    ...spec.users.map((user) =>
      writeLocalMsp(userBaseDir(orgDir, user.name), spec.domain, user.name, user.role, signingCa, tlsCa, configYaml),
    ),
  ]);
}

async function generateNode(
  orgDir: string,
  spec: OrgSpec,
  signingCa: CertificateAuthority,
  tlsCa: CertificateAuthority,
  configYaml: string,
): Promise<void> {
  const baseDir = nodeBaseDir(orgDir, spec.kind, spec.node.name);
  const tls = serverTlsPaths(baseDir);
  const tlsKeys = generateKeyPair();
  const tlsCertificate = issueCertificate(tlsCa, {
    commonName: spec.node.name,
    usage: 'tls',
    dnsNames: spec.node.dnsNames,
    ipAddresses: spec.node.ipAddresses,
    publicKey: tlsKeys.publicKey,
  });
  await Promise.all([
    writeLocalMsp(baseDir, spec.domain, spec.node.name, spec.node.role, signingCa, tlsCa, configYaml),
    writeText(tls.caCertPath, tlsCa.certificatePem),
    writeText(tls.keyPath, tlsKeys.privateKeyPem, 0o600),
    tlsCertificate.then((pem) => writeText(tls.certPath, pem)),
  ]);
}

async function writeLocalMsp(
  baseDir: string,
  domain: string,
  commonName: string,
  role: NodeOuRole,
  signingCa: CertificateAuthority,
  tlsCa: CertificateAuthority,
  configYaml: string,
): Promise<void> {
  const paths = localMspPaths(baseDir, domain);
  const keys = generateKeyPair();
  const certificatePem = await issueCertificate(signingCa, {
    commonName,
    organizationalUnits: [role],
    usage: 'identity',
    publicKey: keys.publicKey,
  });
  await Promise.all([
    writeText(paths.signCertPath, certificatePem),
    writeText(paths.privateKeyPath, keys.privateKeyPem, 0o600),
    writeText(paths.caCertPath, signingCa.certificatePem),
    writeText(paths.tlsCaCertPath, tlsCa.certificatePem),
    writeText(paths.configPath, configYaml),
  ]);
}

async function writeText(path: string, text: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, { mode });
}
