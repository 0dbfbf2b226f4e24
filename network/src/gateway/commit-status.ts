import { status } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import type { GatewayContext } from './gateway-context';
import { rpcError, unknownChannelPolicyMessage } from './rpc-error';

/** Gateway.CommitStatus: waits for the transaction's commit and returns its validation code and block. */
export async function commitStatus(
  context: GatewayContext,
  signedRequest: gateway.SignedCommitStatusRequest,
  signal: AbortSignal,
): Promise<gateway.CommitStatusResponse> {
  const requestBytes = signedRequest.getRequest_asU8();
  if (requestBytes.length === 0) throw rpcError(status.INVALID_ARGUMENT, 'a commit status request is required');
  let request: gateway.CommitStatusRequest;
  try {
    request = gateway.CommitStatusRequest.deserializeBinary(requestBytes);
  } catch (error) {
    throw rpcError(status.INVALID_ARGUMENT, `invalid status request: ${(error as Error).message}`);
  }
  // Fabric's ACL check fails first for a channel the peer has not joined; the ACL is Gateway_CommitStatus = channel Readers.
  if (request.getChannelId() !== context.channelId) {
    throw rpcError(status.PERMISSION_DENIED, unknownChannelPolicyMessage(request.getChannelId()));
  }
  try {
    context.policies.checkSignedRequest('Readers', request.getIdentity_asU8(), requestBytes, signedRequest.getSignature_asU8());
  } catch (error) {
    throw rpcError(status.PERMISSION_DENIED, (error as Error).message);
  }
  let txStatus;
  try {
    txStatus = await context.commits.waitForStatus(request.getTransactionId(), signal);
  } catch (error) {
    throw rpcError(status.ABORTED, (error as Error).message);
  }
  const response = new gateway.CommitStatusResponse();
  response.setResult(txStatus.code as never);
  response.setBlockNumber(txStatus.blockNumber);
  return response;
}
