import { status } from '@grpc/grpc-js';
import { gateway, orderer, peer } from '@hyperledger/fabric-protos';
import { chaincodeEventsOf } from '../protoutil/block-events';
import type { GatewayContext } from './gateway-context';
import { rpcError, unknownChannelPolicyMessage } from './rpc-error';

/**
 * Gateway.ChaincodeEvents: events of valid transactions of one chaincode, block by block, from a
 * start position or from just after a given transaction (checkpoint resume).
 */
export async function* chaincodeEvents(
  context: GatewayContext,
  signedRequest: gateway.SignedChaincodeEventsRequest,
  signal: AbortSignal,
): AsyncGenerator<gateway.ChaincodeEventsResponse> {
  const requestBytes = signedRequest.getRequest_asU8();
  if (requestBytes.length === 0) throw rpcError(status.INVALID_ARGUMENT, 'a chaincode events request is required');
  let request: gateway.ChaincodeEventsRequest;
  try {
    request = gateway.ChaincodeEventsRequest.deserializeBinary(requestBytes);
  } catch (error) {
    throw rpcError(status.INVALID_ARGUMENT, `invalid chaincode events request: ${(error as Error).message}`);
  }
  // Fabric's ACL check fails first for a channel the peer has not joined.
  if (request.getChannelId() !== context.channelId) {
    throw rpcError(status.PERMISSION_DENIED, unknownChannelPolicyMessage(request.getChannelId()));
  }
  try {
    context.policies.checkSignedRequest('Readers', request.getIdentity_asU8(), requestBytes, signedRequest.getSignature_asU8());
  } catch (error) {
    throw rpcError(status.PERMISSION_DENIED, (error as Error).message);
  }
  const startBlock = await startBlockOf(context, request);
  const matches = eventMatcher(request);
  for await (const committed of context.blocks.blocksFrom(startBlock, signal)) {
    const events = chaincodeEventsOf(committed).filter(matches);
    if (events.length === 0) continue;
    const response = new gateway.ChaincodeEventsResponse();
    response.setBlockNumber(committed.block.getHeader()?.getNumber() ?? 0);
    response.setEventsList(events);
    yield response;
  }
}

async function startBlockOf(context: GatewayContext, request: gateway.ChaincodeEventsRequest): Promise<number> {
  const afterTxId = request.getAfterTransactionId();
  if (afterTxId) {
    const block = await context.blocks.blockNumberOfTransaction(afterTxId);
    if (block !== undefined) return block;
  }
  const position = request.getStartPosition();
  switch (position?.getTypeCase()) {
    case undefined:
    case orderer.SeekPosition.TypeCase.TYPE_NOT_SET:
    case orderer.SeekPosition.TypeCase.NEXT_COMMIT:
      return context.blocks.height();
    case orderer.SeekPosition.TypeCase.SPECIFIED:
      return position.getSpecified()?.getNumber() ?? 0;
    default:
      throw rpcError(status.INVALID_ARGUMENT, `invalid start position type: ${position?.getTypeCase()}`);
  }
}

function eventMatcher(request: gateway.ChaincodeEventsRequest): (event: peer.ChaincodeEvent) => boolean {
  const chaincodeId = request.getChaincodeId();
  const afterTxId = request.getAfterTransactionId();
  if (!afterTxId) return (event) => event.getChaincodeId() === chaincodeId;
  let passed = false;
  return (event) => {
    if (!passed) {
      if (event.getTxId() === afterTxId) passed = true;
      return false;
    }
    return event.getChaincodeId() === chaincodeId;
  };
}
