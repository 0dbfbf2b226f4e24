import type { ConsortiumDefinition, OrdererOrgDefinition, PeerOrgDefinition } from '../consortium/consortium';
import type { OrgKind } from './crypto-layout';
import type { NodeOuRole } from './node-ous';

/** What crypto an organization gets, derived from the consortium definition. */
export interface OrgSpec {
  readonly kind: OrgKind;
  readonly mspId: string;
  readonly name: string;
  readonly domain: string;
  readonly node: NodeSpec;
  readonly users: readonly UserSpec[];
}

export interface NodeSpec {
  /** peer0.<domain> or orderer.<domain>. */
  readonly name: string;
  readonly role: Extract<NodeOuRole, 'peer' | 'orderer'>;
  /** TLS subject alternative names: the node name, localhost and the configured host; loopback IPs. */
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

export interface UserSpec {
  /** Admin@<domain> or User1@<domain>. */
  readonly name: string;
  readonly role: Extract<NodeOuRole, 'admin' | 'client'>;
}

const LOOPBACK_IPS = ['127.0.0.1', '::1'] as const;

export function peerOrgSpec(org: PeerOrgDefinition): OrgSpec {
  const nodeName = `peer0.${org.domain}`;
  return {
    kind: 'peer',
    mspId: org.mspId,
    name: org.name,
    domain: org.domain,
    node: { name: nodeName, role: 'peer', dnsNames: unique([nodeName, 'localhost', org.peerHost]), ipAddresses: LOOPBACK_IPS },
    users: [
      { name: adminName(org.domain), role: 'admin' },
      { name: `User1@${org.domain}`, role: 'client' },
    ],
  };
}

export function ordererOrgSpec(org: OrdererOrgDefinition): OrgSpec {
  const nodeName = `orderer.${org.domain}`;
  return {
    kind: 'orderer',
    mspId: org.mspId,
    name: org.name,
    domain: org.domain,
    node: { name: nodeName, role: 'orderer', dnsNames: unique([nodeName, 'localhost', org.ordererHost]), ipAddresses: LOOPBACK_IPS },
    users: [{ name: adminName(org.domain), role: 'admin' }],
  };
}

export function orgSpecs(definition: ConsortiumDefinition): OrgSpec[] {
  return [...definition.peerOrgs.map(peerOrgSpec), ordererOrgSpec(definition.ordererOrg)];
}

function adminName(domain: string): string {
  return `Admin@${domain}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value.length > 0))];
}
