import { status } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import { unpackProposal } from '../endorser/unpacked-proposal';
import { isSystemChaincodeName } from '../scc/system-chaincode';
import { peersLocalFirst, type GatewayContext } from './gateway-context';
import { responseStatus } from './response-status';
import { rpcError, unknownChannelConfigMessage, type EndpointErrorDetail } from './rpc-error';

/**
 * Gateway.Evaluate (internal/pkg/gateway/evaluate.go): run the proposal on one peer (own org
 * first), trying others on retryable failures. With transient data and no target orgs, only the
 * gateway's own org may see it.
 */
export async function evaluate(context: GatewayContext, request: gateway.EvaluateRequest): Promise<gateway.EvaluateResponse> {
  const signedProposal = request.getProposedTransaction();
  if (!signedProposal) throw rpcError(status.INVALID_ARGUMENT, 'failed to unpack transaction proposal: a signed proposal is required');
  let unpacked;
  try {
    unpacked = unpackProposal(signedProposal);
  } catch (error) {
    throw rpcError(status.INVALID_ARGUMENT, `failed to unpack transaction proposal: ${(error as Error).message}`);
  }
  if (unpacked.channelId !== context.channelId) {
    throw rpcError(status.UNAVAILABLE, unknownChannelConfigMessage(unpacked.channelId));
  }
  let targets = request.getTargetOrganizationsList();
  const transientProtected = targets.length === 0 && unpacked.transientMap.size > 0;
  if (transientProtected) targets = [context.localMspId];
  // Every peer serves the system chaincodes (registry.hasChaincode).
  const served = unpacked.chaincodeName === context.chaincodeName || isSystemChaincodeName(unpacked.chaincodeName);
  const peers = served ? peersLocalFirst(context, targets.length ? targets : undefined) : [];
  if (peers.length === 0) {
    const noPeers = `no peers available to evaluate chaincode ${unpacked.chaincodeName} in channel ${unpacked.channelId}`;
    throw rpcError(
      status.FAILED_PRECONDITION,
      transientProtected ? `no endorsers found in the gateway's organization; retry specifying target organization(s) to protect transient data: ${noPeers}` : noPeers,
    );
  }
  const details: EndpointErrorDetail[] = [];
  let lastCode: status = status.ABORTED;
  for (const candidate of peers) {
    const result = await candidate.endorser.processProposal(signedProposal);
    const outcome = responseStatus(result, candidate.mspId !== context.localMspId);
    if (outcome.code === status.OK) {
      const response = result.response.getResponse() ?? new peer.Response();
      const payload = result.response.getPayload_asU8();
      if (payload.length > 0) {
        const action = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(payload).getExtension_asU8());
        response.setPayload(action.getResponse()?.getPayload_asU8() ?? new Uint8Array());
      }
      const evaluateResponse = new gateway.EvaluateResponse();
      evaluateResponse.setResult(response);
      return evaluateResponse;
    }
    details.push({ address: candidate.address, mspId: candidate.mspId, message: outcome.message });
    if (!outcome.retry) {
      throw rpcError(outcome.code, `evaluate call to endorser returned error: ${outcome.message}`, details);
    }
    lastCode = outcome.code;
  }
  throw rpcError(lastCode, 'failed to evaluate transaction, see attached details for more info', details);
}
