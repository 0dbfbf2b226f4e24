import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCertificateAuthority, generateKeyPair, issueCertificate } from '../msp/certificate-factory';
import type { FabricDeployment } from './deployment';
import { RUN_DIRS } from './run-layout';

/**
 * TLS for the chaincode-as-a-service server, when the deployment asks for it: a CA of its own and
 * a server certificate for the host name peers dial. cryptogen makes no chaincode certificates;
 * peers trust this CA through root_cert in connection.json, and the server is started with
 * --chaincode-tls-cert-file / --chaincode-tls-key-file.
 */

export interface ChaincodeTlsFiles {
  /** Paths relative to the run directory. */
  readonly caCert: string;
  readonly cert: string;
  readonly key: string;
  readonly caPem: string;
}

export const CHAINCODE_TLS_DIR = `${RUN_DIRS.chaincode}/tls`;

export async function writeChaincodeTls(runDir: string, deployment: FabricDeployment): Promise<ChaincodeTlsFiles> {
  const host = deployment.chaincodeServer.address.slice(0, deployment.chaincodeServer.address.lastIndexOf(':'));
  const ca = await createCertificateAuthority({ commonName: 'tlsca.chaincode.mobility.example', organization: 'chaincode.mobility.example' });
  const keys = generateKeyPair();
  const certPem = await issueCertificate(ca, {
    commonName: host,
    usage: 'tls',
    dnsNames: [...new Set([host, 'localhost'])],
    ipAddresses: ['127.0.0.1'],
    publicKey: keys.publicKey,
  });
  const files = { caCert: `${CHAINCODE_TLS_DIR}/ca.crt`, cert: `${CHAINCODE_TLS_DIR}/server.crt`, key: `${CHAINCODE_TLS_DIR}/server.key` };
  await mkdir(join(runDir, CHAINCODE_TLS_DIR), { recursive: true });
  await writeFile(join(runDir, files.caCert), ca.certificatePem);
  await writeFile(join(runDir, files.cert), certPem);
  await writeFile(join(runDir, files.key), keys.privateKeyPem, { mode: 0o600 });
  return { ...files, caPem: ca.certificatePem };
}
