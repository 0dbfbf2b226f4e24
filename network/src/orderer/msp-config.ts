/**
 * The verifying MSP definition an org contributes to the channel config (msp.GetVerifyingMspConfig
 * over a cryptogen-style MSP folder): CA and TLS CA certs as PEM bytes, no admin certs, Node OUs
 * enabled with the CA cert as each OU's certificate, SHA2/SHA256 crypto config.
 */
import { msp } from '@hyperledger/fabric-protos';

export interface OrgCertificates {
  /** PEM of the org's root CA (cacerts/). */
  readonly caCertPem: string;
  /** PEM of the org's TLS root CA (tlscacerts/). */
  readonly tlsCaCertPem: string;
}

const NODE_OU_NAMES = { client: 'client', peer: 'peer', admin: 'admin', orderer: 'orderer' } as const;

function pemBytes(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem, 'utf8'));
}

function ouIdentifier(name: string, caCert: Uint8Array): msp.FabricOUIdentifier {
  const identifier = new msp.FabricOUIdentifier();
  identifier.setCertificate(caCert);
  identifier.setOrganizationalUnitIdentifier(name);
  return identifier;
}

export function fabricMspConfig(mspId: string, certificates: OrgCertificates): msp.FabricMSPConfig {
  const caCert = pemBytes(certificates.caCertPem);
  const nodeOus = new msp.FabricNodeOUs();
  nodeOus.setEnable(true);
  nodeOus.setClientOuIdentifier(ouIdentifier(NODE_OU_NAMES.client, caCert));
  nodeOus.setPeerOuIdentifier(ouIdentifier(NODE_OU_NAMES.peer, caCert));
  nodeOus.setAdminOuIdentifier(ouIdentifier(NODE_OU_NAMES.admin, caCert));
  nodeOus.setOrdererOuIdentifier(ouIdentifier(NODE_OU_NAMES.orderer, caCert));

  const cryptoConfig = new msp.FabricCryptoConfig();
  cryptoConfig.setSignatureHashFamily('SHA2');
  cryptoConfig.setIdentityIdentifierHashFunction('SHA256');

  const config = new msp.FabricMSPConfig();
  config.setName(mspId);
  config.setRootCertsList([caCert]);
  config.setCryptoConfig(cryptoConfig);
  config.setTlsRootCertsList([pemBytes(certificates.tlsCaCertPem)]);
  config.setFabricNodeOus(nodeOus);
  return config;
}

/** The MSP config value: MSPConfig{type: FABRIC, config: FabricMSPConfig}. */
export function mspConfigValue(mspId: string, certificates: OrgCertificates): msp.MSPConfig {
  const value = new msp.MSPConfig();
  value.setType(0); // msp.FABRIC
  value.setConfig(fabricMspConfig(mspId, certificates).serializeBinary());
  return value;
}
