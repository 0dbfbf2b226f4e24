/**
 * The one error type SDK calls throw. Gateway error bodies (`{ error: { code, message, field?,
 * txId?, details? } }`) map onto it field by field, so callers branch on `code` and show `field`.
 */

/** Codes the gateway documents; any other string may still arrive from a newer gateway. */
export type GatewayErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'MVCC_READ_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL'
  | 'ENDORSEMENT_FAILED'
  | 'COMMIT_FAILED'
  | 'PEER_UNAVAILABLE'
  | 'SHUTTING_DOWN'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'BAD_RESPONSE'
  | (string & {});

/** A Fabric ErrorDetail as the gateway forwards it. */
export interface GatewayErrorDetail {
  readonly address?: string;
  readonly mspId?: string;
  readonly message: string;
}

export interface GatewayErrorInit {
  readonly status: number;
  readonly code: GatewayErrorCode;
  readonly message: string;
  readonly field?: string;
  readonly txId?: string;
  /** Fabric's validation code of a transaction that committed invalid (COMMIT_FAILED). */
  readonly validationCode?: string;
  readonly details?: readonly GatewayErrorDetail[];
  readonly requestId?: string;
}

export class GatewayError extends Error {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: GatewayErrorCode;
  /** The offending field (`reports[1].signature`), when the gateway or chaincode named one. */
  readonly field: string | undefined;
  /** The transaction ID, for failures after a proposal was built (endorsement, commit). */
  readonly txId: string | undefined;
  readonly validationCode: string | undefined;
  readonly details: readonly GatewayErrorDetail[];
  /** The gateway's `x-request-id`, to find the request in its logs. */
  readonly requestId: string | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.field ? `${init.code}: ${init.field}: ${init.message}` : `${init.code}: ${init.message}`);
    this.name = 'GatewayError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.txId = init.txId;
    this.validationCode = init.validationCode;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
  }

  /** A refusal by the gateway or chaincode (4xx), as opposed to an infrastructure failure worth retrying. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

const STATUS_CODES: Readonly<Record<number, GatewayErrorCode>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'FAILED_PRECONDITION',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  500: 'INTERNAL',
  502: 'ENDORSEMENT_FAILED',
  503: 'PEER_UNAVAILABLE',
  504: 'TIMEOUT',
};

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function asDetails(value: unknown): GatewayErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => ({
      ...(asString(entry.address) ? { address: asString(entry.address) } : {}),
      ...(asString(entry.mspId) ? { mspId: asString(entry.mspId) } : {}),
      message: asString(entry.message) ?? '',
    }));
}

/**
 * Maps an error answer to a GatewayError. Tolerates bodies that are not the documented shape
 * (a proxy's HTML page, fastify's own `{statusCode, error, message}`): the status still decides.
 */
export function gatewayErrorFromBody(status: number, body: unknown, requestId?: string): GatewayError {
  const envelope = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof envelope.error === 'object' && envelope.error !== null ? (envelope.error as Record<string, unknown>) : undefined;
  if (error) {
    return new GatewayError({
      status,
      code: asString(error.code) ?? STATUS_CODES[status] ?? `HTTP_${status}`,
      message: asString(error.message) ?? `HTTP ${status}`,
      field: asString(error.field),
      txId: asString(error.txId),
      validationCode: asString(error.validationCode),
      details: asDetails(error.details),
      requestId,
    });
  }
  const text = typeof body === 'string' ? body.slice(0, 200) : asString(envelope.message);
  return new GatewayError({ status, code: STATUS_CODES[status] ?? `HTTP_${status}`, message: text || `HTTP ${status}`, requestId });
}
