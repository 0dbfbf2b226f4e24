import { msp } from '@hyperledger/fabric-protos';
import type { MspRoleName } from './policy-identity';

/** A ROLE principal: "<MSP ID>.<role>" in the policy language. */
export interface RolePrincipal {
  readonly mspId: string;
  readonly role: MspRoleName;
}

const ROLE_TO_PROTO: Record<MspRoleName, msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap]> = {
  member: msp.MSPRole.MSPRoleType.MEMBER,
  admin: msp.MSPRole.MSPRoleType.ADMIN,
  client: msp.MSPRole.MSPRoleType.CLIENT,
  peer: msp.MSPRole.MSPRoleType.PEER,
  orderer: msp.MSPRole.MSPRoleType.ORDERER,
};

const PROTO_TO_ROLE = new Map<number, MspRoleName>(
  Object.entries(ROLE_TO_PROTO).map(([role, value]) => [value, role as MspRoleName]),
);

export function roleFromProto(value: number): MspRoleName | undefined {
  return PROTO_TO_ROLE.get(value);
}

/** msp.MSPPrincipal{ROLE, MSPRole{msp_identifier, role}} as policydsl builds it. */
export function rolePrincipal(principal: RolePrincipal): msp.MSPPrincipal {
  const role = new msp.MSPRole();
  role.setMspIdentifier(principal.mspId);
  role.setRole(ROLE_TO_PROTO[principal.role]);
  const result = new msp.MSPPrincipal();
  result.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  result.setPrincipal(role.serializeBinary());
  return result;
}

/** The ROLE principal inside an MSPPrincipal, or undefined for other classifications. */
export function decodeRolePrincipal(principal: msp.MSPPrincipal): RolePrincipal | undefined {
  if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
    return undefined;
  }
  const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
  const name = roleFromProto(role.getRole());
  return name ? { mspId: role.getMspIdentifier(), role: name } : undefined;
}

export function formatPrincipal(principal: RolePrincipal): string {
  return `'${principal.mspId}.${principal.role}'`;
}
