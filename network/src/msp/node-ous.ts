/**
 * Node OUs: with NodeOUs enabled (as cryptogen and Fabric CA set up the test network), the role of
 * an identity is the organizational unit in its certificate subject: OU=client|peer|admin|orderer.
 */

export type NodeOuRole = 'client' | 'peer' | 'admin' | 'orderer';

export const NODE_OU_ROLES: readonly NodeOuRole[] = ['client', 'peer', 'admin', 'orderer'];

export function isNodeOuRole(value: string): value is NodeOuRole {
  return (NODE_OU_ROLES as readonly string[]).includes(value);
}

/**
 * The msp/config.yaml that enables NodeOUs, pointing every OU identifier at the MSP's CA
 * certificate (path relative to the MSP directory), as cryptogen writes it.
 */
export function nodeOuConfigYaml(caCertificatePath: string): string {
  const identifier = (ou: NodeOuRole): string =>
    `    Certificate: ${caCertificatePath}\n    OrganizationalUnitIdentifier: ${ou}\n`;
  return (
    'NodeOUs:\n' +
    '  Enable: true\n' +
    `  ClientOUIdentifier:\n${identifier('client')}` +
    `  PeerOUIdentifier:\n${identifier('peer')}` +
    `  AdminOUIdentifier:\n${identifier('admin')}` +
    `  OrdererOUIdentifier:\n${identifier('orderer')}`
  );
}
