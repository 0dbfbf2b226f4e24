import { status } from '@grpc/grpc-js';
import { common, gateway } from '@hyperledger/fabric-protos';
import type { GatewayContext } from './gateway-context';
import { rpcError, unknownChannelConfigMessage } from './rpc-error';

const STATUS_NAMES = new Map<number, string>(Object.entries(common.Status).map(([name, value]) => [value as number, name]));

/** Gateway.Submit: hand the signed envelope to the ordering service. */
export async function submit(context: GatewayContext, request: gateway.SubmitRequest): Promise<gateway.SubmitResponse> {
  const envelope = request.getPreparedTransaction();
  if (!envelope) throw rpcError(status.INVALID_ARGUMENT, 'a prepared transaction is required');
  if (envelope.getSignature_asU8().length === 0) throw rpcError(status.INVALID_ARGUMENT, 'prepared transaction must be signed');
  if (request.getChannelId() !== context.channelId) {
    throw rpcError(status.FAILED_PRECONDITION, unknownChannelConfigMessage(request.getChannelId()));
  }
  let result;
  try {
    result = await context.orderer.broadcast(envelope);
  } catch (error) {
    throw rpcError(status.UNAVAILABLE, 'no orderers could successfully process transaction', [
      { address: context.orderer.address, mspId: 'OrdererMSP', message: (error as Error).message },
    ]);
  }
  if (result.status === common.Status.SUCCESS) return new gateway.SubmitResponse();
  const name = STATUS_NAMES.get(result.status) ?? String(result.status);
  if (result.status >= 400 && result.status < 500) {
    throw rpcError(status.ABORTED, `received unsuccessful response from orderer: status=${name}, info=${result.info}`);
  }
  throw rpcError(status.UNAVAILABLE, 'no orderers could successfully process transaction', [
    { address: context.orderer.address, mspId: 'OrdererMSP', message: `received unsuccessful response from orderer: status=${name}, info=${result.info}` },
  ]);
}
