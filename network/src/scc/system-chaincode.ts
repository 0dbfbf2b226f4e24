import { peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';

/** scc.SysCCVersion: the chaincode version a system chaincode's proposal responses carry (core/scc/scc.go). */
export const SYSTEM_CHAINCODE_VERSION = 'syscc';

/**
 * The built-in chaincodes every peer serves on every channel (Fabric 2.5's BuiltinSCCs, minus the
 * legacy lscc). The gateway treats them as installed on every peer, as Fabric's registry does.
 */
export const SYSTEM_CHAINCODE_NAMES: readonly string[] = ['qscc', 'cscc', '_lifecycle'];

export function isSystemChaincodeName(name: string): boolean {
  return SYSTEM_CHAINCODE_NAMES.includes(name);
}

/** shim.OK and shim.ERROR. */
export const SHIM_OK = 200;
export const SHIM_ERROR = 500;

/** One of the peer's built-in chaincodes, invoked in process with the endorser's unpacked proposal. */
export interface SystemChaincode {
  readonly name: string;
  /** The chaincode's response; failures are responses (shim.Error), never thrown. */
  invoke(proposal: UnpackedProposal): Promise<peer.Response>;
}

/** shim.Success. */
export function success(payload?: Uint8Array): peer.Response {
  const response = new peer.Response();
  response.setStatus(SHIM_OK);
  if (payload) response.setPayload(payload);
  return response;
}

/** shim.Error (status 500), or another status such as _lifecycle's 404. */
export function failure(message: string, status = SHIM_ERROR): peer.Response {
  const response = new peer.Response();
  response.setStatus(status);
  response.setMessage(message);
  return response;
}
