import { status } from '@grpc/grpc-js';
import type { ProposalResult } from '../endorser/endorser';

export interface ResponseStatus {
  readonly code: status;
  readonly message: string;
  readonly retry: boolean;
}

/** Fabric gateway's responseStatus: how an endorser's answer maps to a gRPC status. */
export function responseStatus(result: ProposalResult): ResponseStatus {
  if (result.error) {
    return { code: status.FAILED_PRECONDITION, message: result.error.message, retry: false };
  }
  const response = result.response.getResponse();
  const statusCode = response?.getStatus() ?? 0;
  const message = response?.getMessage() ?? '';
  if (statusCode < 200 || statusCode >= 400) {
    if (result.response.getPayload_asU8().length === 0 && statusCode === 500) {
      return { code: status.ABORTED, message, retry: true };
    }
    return { code: status.UNKNOWN, message: `chaincode response ${statusCode}, ${message}`, retry: false };
  }
  return { code: status.OK, message: '', retry: false };
}
