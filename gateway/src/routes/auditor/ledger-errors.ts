import { status as GrpcStatus } from '@grpc/grpc-js';
import { FeatureVectorNotFoundError, InsufficientHistoryError } from '@mobility-ledger/auditor/dist/anomaly/errors';
import { EvidenceExportError } from '@mobility-ledger/auditor/dist/evidence/export-bundle';
import { LedgerRecordError, ReportInputError } from '@mobility-ledger/auditor/dist/reports/errors';
import { BlockNotAvailableError } from '@mobility-ledger/auditor/dist/trail/block-source';
import { EntityKindError } from '@mobility-ledger/auditor/dist/trail/entity';
import { KeyHistoryFormatError } from '@mobility-ledger/auditor/dist/trail/key-history';
import { ApiError } from '../../api/api-error';
import { ERROR_STATUS, type ErrorCode } from '../../api/http-answers';
import { chaincodeErrorOf } from '../../fabric/error-mapping';

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_STATUS, code);

/** What the auditor libraries and direct fabric-gateway calls throw, as the gateway's error answers. */
export function auditorApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EntityKindError) return new ApiError('INVALID_ARGUMENT', message, { field: 'kind' });
  if (error instanceof EvidenceExportError || error instanceof InsufficientHistoryError || error instanceof ReportInputError) {
    return new ApiError('FAILED_PRECONDITION', message, { cause: error });
  }
  if (error instanceof FeatureVectorNotFoundError || error instanceof BlockNotAvailableError) return new ApiError('NOT_FOUND', message, { cause: error });
  // The chaincode's `<CODE>: <field>: <rule>` (a missing lot, a malformed ID) keeps its code.
  const refusal = chaincodeErrorOf(error);
  if (refusal && isErrorCode(refusal.code)) return new ApiError(refusal.code, `${refusal.field}: ${refusal.rule}`, { field: refusal.field, cause: error });
  const grpcCode = (error as { code?: unknown }).code;
  if (grpcCode === GrpcStatus.UNAVAILABLE) return new ApiError('PEER_UNAVAILABLE', `the peer is unavailable: ${message}`, { cause: error });
  if (grpcCode === GrpcStatus.DEADLINE_EXCEEDED) return new ApiError('TIMEOUT', message, { cause: error });
  if (error instanceof LedgerRecordError || error instanceof KeyHistoryFormatError) {
    return new ApiError('INTERNAL', `the ledger answered with an unexpected record: ${message}`, { cause: error });
  }
  return new ApiError('INTERNAL', message, { cause: error });
}
