import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificateAuthorityFromPem, generateKeyPair, issueCertificate } from '../msp/certificate-factory';
import type { NodeOuRole } from '../msp/node-ous';
import type { FabricDeployment } from './deployment';
import { FabricArtifactsError } from './errors';
import { ordererNodeDir, ordererOrgDir, peerNodeDir, peerOrgDir } from './run-layout';

/**
 * Certificate rotation in a running network's crypto material: a new key pair and certificate
 * from the org's own CA (signing CA for MSP identities, TLS CA for TLS server certificates), in
 * place of the old ones. The channel trusts the org CAs, not the leaf certificates, so no channel
 * update is needed; the node (or client) picks the new files up when restarted (reconnected).
 * The orderer's TLS certificate is the exception: the Raft consenter set pins it in the channel
 * config, so it changes through a channel config update (network/README.md).
 */

export interface RotatedFiles {
  /** Paths relative to the run directory. */
  readonly certificate: string;
  readonly privateKey: string;
}

interface Located {
  readonly orgDir: string;
  readonly domain: string;
  readonly baseDir: string;
  readonly role: NodeOuRole;
  readonly kind: 'peer' | 'orderer' | 'user';
  readonly hostNames: readonly string[];
}

function locate(deployment: FabricDeployment, name: string): Located {
  const peer = deployment.peers.find((candidate) => candidate.name === name);
  if (peer) {
    return {
      orgDir: peerOrgDir(peer.org.domain),
      domain: peer.org.domain,
      baseDir: peerNodeDir(peer),
      role: 'peer',
      kind: 'peer',
      hostNames: [peer.name, 'localhost', peer.host],
    };
  }
  const { orderer } = deployment;
  if (orderer.name === name) {
    return { orgDir: ordererOrgDir(orderer.domain), domain: orderer.domain, baseDir: ordererNodeDir(orderer), role: 'orderer', kind: 'orderer', hostNames: [orderer.name, 'localhost', orderer.host] };
  }
  const at = name.indexOf('@');
  const domain = name.slice(at + 1);
  const org = deployment.peers.find((candidate) => candidate.org.domain === domain)?.org;
  const orgDir = org ? peerOrgDir(domain) : domain === orderer.domain ? ordererOrgDir(domain) : undefined;
  if (at <= 0 || !orgDir) throw new FabricArtifactsError(`no node or user ${name} in this network (e.g. peer0.oem.mobility.example, User1@oem.mobility.example)`);
  return { orgDir, domain, baseDir: `${orgDir}/users/${name}`, role: name.startsWith('Admin@') ? 'admin' : 'client', kind: 'user', hostNames: [] };
}

async function caOf(runDir: string, orgDir: string, kind: 'ca' | 'tlsca', domain: string) {
  const dir = join(runDir, orgDir, kind);
  const [certificatePem, keyPem] = await Promise.all([readFile(join(dir, `${kind}.${domain}-cert.pem`), 'utf8'), readFile(join(dir, 'priv_sk'), 'utf8')]);
  return certificateAuthorityFromPem(certificatePem, keyPem);
}

/** A new MSP signing identity (same name and NodeOU role) for a node or user. */
export async function rotateIdentityCertificate(runDir: string, deployment: FabricDeployment, name: string): Promise<RotatedFiles> {
  const target = locate(deployment, name);
  const ca = await caOf(runDir, target.orgDir, 'ca', target.domain);
  const keys = generateKeyPair();
  const certificatePem = await issueCertificate(ca, { commonName: name, organizationalUnits: [target.role], usage: 'identity', publicKey: keys.publicKey });
  const mspDir = `${target.baseDir}/msp`;
  // cryptogen names the file <name>-cert.pem, Fabric CA enrolment cert.pem: keep whichever is there.
  const existing = (await readdir(join(runDir, mspDir, 'signcerts'))).filter((file) => file.endsWith('.pem'));
  const certificate = `${mspDir}/signcerts/${existing[0] ?? 'cert.pem'}`;
  const privateKey = `${mspDir}/keystore/priv_sk`;
  for (const stale of await readdir(join(runDir, mspDir, 'keystore'))) await rm(join(runDir, mspDir, 'keystore', stale));
  await writeFile(join(runDir, privateKey), keys.privateKeyPem, { mode: 0o600 });
  await writeFile(join(runDir, certificate), certificatePem);
  return { certificate, privateKey };
}

/** A new TLS server key and certificate for a peer, with the same host names. */
export async function rotateTlsCertificate(runDir: string, deployment: FabricDeployment, name: string): Promise<RotatedFiles> {
  const target = locate(deployment, name);
  if (target.kind === 'orderer') {
    throw new FabricArtifactsError(
      `${name}'s TLS certificate is pinned in the channel's Raft consenter set: rotate it with a channel config update (network/README.md)`,
    );
  }
  if (target.kind !== 'peer') throw new FabricArtifactsError(`${name} has no TLS server certificate; only nodes do`);
  const ca = await caOf(runDir, target.orgDir, 'tlsca', target.domain);
  const keys = generateKeyPair();
  const certificatePem = await issueCertificate(ca, {
    commonName: name,
    usage: 'tls',
    dnsNames: [...new Set(target.hostNames)],
    ipAddresses: ['127.0.0.1'],
    publicKey: keys.publicKey,
  });
  const files = { certificate: `${target.baseDir}/tls/server.crt`, privateKey: `${target.baseDir}/tls/server.key` };
  await writeFile(join(runDir, files.privateKey), keys.privateKeyPem, { mode: 0o600 });
  await writeFile(join(runDir, files.certificate), certificatePem);
  return files;
}
