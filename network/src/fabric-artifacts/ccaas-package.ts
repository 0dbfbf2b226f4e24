import { createHash } from 'node:crypto';
import type { FabricDeployment } from './deployment';
import { tarGz } from './tar-archive';
import { generatedJson } from './yaml-output';

/**
 * The chaincode-as-a-service package `peer lifecycle chaincode install` takes: a tar.gz holding
 * metadata.json ({"type":"ccaas","label":…}) and code.tar.gz, which holds connection.json, where the
 * peer's ccaas external builder finds the chaincode server's address and TLS settings. The same
 * format as `peer lifecycle chaincode package --lang ccaas`-style packages in fabric-samples.
 */

export interface ConnectionJson {
  readonly address: string;
  readonly dial_timeout: string;
  readonly tls_required: boolean;
  readonly client_auth_required?: boolean;
  /** PEM of the CA that issued the chaincode server's TLS certificate. */
  readonly root_cert?: string;
}

export interface CcaasPackage {
  readonly label: string;
  readonly bytes: Buffer;
  /** label:hex(SHA-256(package)), what `peer lifecycle chaincode calculatepackageid` prints. */
  readonly packageId: string;
}

export function connectionJsonDocument(deployment: FabricDeployment, tlsRootCertPem?: string): ConnectionJson {
  const { chaincodeServer } = deployment;
  if (chaincodeServer.tls && !tlsRootCertPem) throw new RangeError('a TLS chaincode server needs its root certificate in connection.json');
  return {
    address: chaincodeServer.address,
    dial_timeout: '10s',
    tls_required: chaincodeServer.tls,
    ...(chaincodeServer.tls ? { client_auth_required: false, root_cert: tlsRootCertPem } : {}),
  };
}

/** metadata.json of the package: ccaas for a chaincode server, node for a peer-launched chaincode. */
export function metadataJsonDocument(deployment: FabricDeployment): { type: 'ccaas' | 'node'; label: string; path?: string } {
  if (deployment.chaincodeServer.launch === 'peer') return { type: 'node', label: deployment.chaincodeLabel, path: '' };
  return { type: 'ccaas', label: deployment.chaincodeLabel };
}

/** Packs metadata.json and connection.json as written in the run directory's chaincode/. */
export function ccaasPackageFromFiles(metadataJson: string, connectionJson: string): CcaasPackage {
  const metadata = JSON.parse(metadataJson) as { type?: unknown; label?: unknown };
  if (metadata.type !== 'ccaas' || typeof metadata.label !== 'string' || metadata.label.length === 0) {
    throw new RangeError('metadata.json must hold {"type":"ccaas","label":"<label>"}');
  }
  const code = tarGz([{ name: 'connection.json', content: Buffer.from(connectionJson) }]);
  const bytes = tarGz([
    { name: 'metadata.json', content: Buffer.from(metadataJson) },
    { name: 'code.tar.gz', content: code },
  ]);
  return { label: metadata.label, bytes, packageId: `${metadata.label}:${createHash('sha256').update(bytes).digest('hex')}` };
}

export function ccaasPackage(deployment: FabricDeployment, tlsRootCertPem?: string): CcaasPackage {
  return ccaasPackageFromFiles(
    generatedJson(metadataJsonDocument(deployment)),
    generatedJson(connectionJsonDocument(deployment, tlsRootCertPem)),
  );
}
