import { status as GrpcStatus } from '@grpc/grpc-js';
import { parseLedgerErrorMessage } from '@mobility-ledger/chaincode/dist/lib/errors';
import { ApiError } from '../api/api-error';
import { FabricPhaseError, InvalidTransactionError } from './fabric-phase-error';

interface ErrorDetail {
  readonly address: string;
  readonly mspId: string;
  readonly message: string;
}

/** Fabric's gateway wraps a chaincode error as `chaincode response <status>, <message>`. */
const CHAINCODE_RESPONSE = /chaincode response \d+, /;

function detailsOf(error: unknown): ErrorDetail[] {
  const details = (error as { details?: unknown }).details;
  if (!Array.isArray(details)) return [];
  return details
    .filter((detail): detail is Partial<ErrorDetail> => typeof detail === 'object' && detail !== null)
    .map((detail) => ({ address: String(detail.address ?? ''), mspId: String(detail.mspId ?? ''), message: String(detail.message ?? '') }));
}

function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The chaincode's `<CODE>: <field>: <rule>` inside an error or its peer details. Only text after
 * Fabric's `chaincode response N,` counts (or a message that is nothing else), so a gRPC status
 * name such as `9 FAILED_PRECONDITION: no combination of peers…` is not mistaken for one.
 */
export function chaincodeErrorOf(error: unknown): { code: string; field: string; rule: string } | undefined {
  const messages = [error instanceof Error ? error.message : String(error), ...detailsOf(error).map((detail) => detail.message)];
  for (const message of messages) {
    const marker = CHAINCODE_RESPONSE.exec(message);
    const parsed = marker ? parseLedgerErrorMessage(message.slice(marker.index + marker[0].length)) : undefined;
    if (parsed) return parsed;
  }
  for (const message of messages) {
    const parsed = parseLedgerErrorMessage(message);
    if (parsed && message.startsWith(parsed.code)) return parsed;
  }
  return undefined;
}

/**
 * The chaincode names fields after its argument (`request.payload.vin`, `args.lotId`); the HTTP body
 * is that argument, so the body path drops the name (`payload.vin`). A field named after a transient
 * key (`fixes.device.signature`) is under the body's `transient`. Other fields stay as they are.
 */
export function bodyField(field: string, argument: string | undefined, transientKeys: readonly string[] = []): string {
  const head = field.split(/[.[]/, 1)[0] ?? '';
  if (transientKeys.includes(head)) return `transient.${field}`;
  if (!argument) return field;
  if (field === argument) return '';
  return field.startsWith(`${argument}.`) ? field.slice(argument.length + 1) : field;
}

function transportError(phase: FabricPhaseError['phase'], cause: unknown, txId: string | undefined, details: ErrorDetail[]): ApiError | undefined {
  const message = cause instanceof Error ? cause.message : String(cause);
  switch (grpcCodeOf(cause)) {
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new ApiError(
        'TIMEOUT',
        phase === 'commit' ? `no commit status in time; the transaction may still commit: ${message}` : `${phase} timed out: ${message}`,
        { txId, details, cause },
      );
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.CANCELLED:
      return new ApiError('PEER_UNAVAILABLE', `${phase}: the peer is unavailable: ${message}`, { txId, details, cause });
    default:
      return undefined;
  }
}

/** Maps anything a Fabric call throws to the HTTP error the gateway answers with. */
export function toApiError(error: unknown, options: { argument?: string; transient?: readonly string[] } = {}): ApiError {
  if (error instanceof ApiError) return error;
  if (!(error instanceof FabricPhaseError)) {
    return new ApiError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { phase, cause } = error;
  // Only a transaction sent to ordering has an ID worth reporting: it may be in a block.
  const txId = phase === 'submit' || phase === 'commit' ? error.txId : undefined;
  if (cause instanceof InvalidTransactionError) {
    const retried = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
    return cause.validationCodeName === 'MVCC_READ_CONFLICT' || cause.validationCodeName === 'PHANTOM_READ_CONFLICT'
      ? new ApiError('MVCC_READ_CONFLICT', `${cause.message}${retried}: another transaction changed the data it read; retry later`, {
          txId,
          validationCode: cause.validationCodeName,
          cause,
        })
      : new ApiError('COMMIT_FAILED', cause.message, { txId, validationCode: cause.validationCodeName, cause });
  }
  const details = detailsOf(cause);
  const refusal = chaincodeErrorOf(cause);
  if (refusal) {
    const field = bodyField(refusal.field, options.argument, options.transient);
    return new ApiError(refusal.code as ApiError['code'], `${refusal.field}: ${refusal.rule}`, { ...(field ? { field } : {}), txId, details, cause });
  }
  const transport = transportError(phase, cause, txId, details);
  if (transport) return transport;
  const message = cause instanceof Error ? cause.message : String(cause);
  switch (phase) {
    case 'evaluate':
    case 'endorse':
      return new ApiError('ENDORSEMENT_FAILED', message, { txId, details, cause });
    case 'submit':
      return new ApiError('SUBMIT_FAILED', message, { txId, details, cause });
    case 'commit':
      return new ApiError('COMMIT_STATUS_UNKNOWN', `the commit status could not be read; the transaction may still commit: ${message}`, { txId, details, cause });
  }
}
