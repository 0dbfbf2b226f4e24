import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { gateway, google } from '@hyperledger/fabric-protos';
import { Any } from 'google-protobuf/google/protobuf/any_pb';

export interface EndpointErrorDetail {
  readonly address: string;
  readonly mspId: string;
  readonly message: string;
}

/**
 * A gRPC error as Fabric's gateway sends it: status code, message, and `gateway.ErrorDetail`s packed
 * into `google.rpc.Status` under the `grpc-status-details-bin` trailer (read by fabric-gateway clients).
 */
export class GatewayRpcError extends Error implements Partial<ServiceError> {
  readonly metadata: Metadata;
  readonly details: string;

  constructor(
    readonly code: GrpcStatus,
    message: string,
    readonly errorDetails: readonly EndpointErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'GatewayRpcError';
    this.details = message;
    this.metadata = new Metadata();
    if (errorDetails.length > 0) {
      const rpcStatus = new google.rpc.Status();
      rpcStatus.setCode(code);
      rpcStatus.setMessage(message);
      rpcStatus.setDetailsList(errorDetails.map(packDetail));
      this.metadata.set('grpc-status-details-bin', Buffer.from(rpcStatus.serializeBinary()));
    }
  }
}

function packDetail(detail: EndpointErrorDetail): Any {
  const message = new gateway.ErrorDetail();
  message.setAddress(detail.address);
  message.setMspId(detail.mspId);
  message.setMessage(detail.message);
  const any = new Any();
  any.pack(message.serializeBinary(), 'gateway.ErrorDetail');
  return any;
}

export function rpcError(code: GrpcStatus, message: string, details: readonly EndpointErrorDetail[] = []): GatewayRpcError {
  return new GatewayRpcError(code, message, details);
}

/** What Fabric's gateway reports when discovery has no config for a channel the peer has not joined. */
export function unknownChannelConfigMessage(channelId: string): string {
  return `failed to get config for channel [${channelId}]: could not get last config for channel ${channelId}`;
}

/** What Fabric's ACL provider reports for a channel the peer has not joined (before any policy check). */
export function unknownChannelPolicyMessage(channelId: string): string {
  return `Failed to get policy manager for channel [${channelId}]`;
}
