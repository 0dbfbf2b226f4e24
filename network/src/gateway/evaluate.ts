import { status } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import { unpackProposal } from '../endorser/unpacked-proposal';
import { peersLocalFirst, type GatewayContext } from './gateway-context';
import { responseStatus } from './response-status';
import { rpcError, type EndpointErrorDetail } from './rpc-error';

/** Gateway.Evaluate: run the proposal on one peer (own org first), trying others on retryable failures. */
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
    throw rpcError(status.UNAVAILABLE, `channel does not exist: ${unpacked.channelId}`);
  }
  let targets = request.getTargetOrganizationsList();
  if (targets.length === 0 && unpacked.transientMap.size > 0) targets = [context.localMspId];
  const peers = unpacked.chaincodeName === context.chaincodeName ? peersLocalFirst(context, targets.length ? targets : undefined) : [];
  if (peers.length === 0) {
    throw rpcError(status.FAILED_PRECONDITION, `no peers available to evaluate chaincode ${unpacked.chaincodeName} in channel ${unpacked.channelId}`);
  }
  const details: EndpointErrorDetail[] = [];
  for (const candidate of peers) {
    const result = await candidate.endorser.processProposal(signedProposal);
    const outcome = responseStatus(result);
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
  }
  throw rpcError(status.ABORTED, 'failed to evaluate transaction, see attached details for more info', details);
}
