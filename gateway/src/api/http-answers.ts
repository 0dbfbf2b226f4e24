import { Type, type Static } from '@sinclair/typebox';

/**
 * The gateway's HTTP answers (docs/GATEWAY-API-BRIEF.md "HTTP answers"): shared by the server, the
 * SDK and the OpenAPI document.
 */

/** Every error code the gateway answers with, and its HTTP status. */
export const ERROR_STATUS = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 409,
  MVCC_READ_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  ENDORSEMENT_FAILED: 502,
  SUBMIT_FAILED: 502,
  COMMIT_FAILED: 502,
  COMMIT_STATUS_UNKNOWN: 502,
  PEER_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ErrorDetailSchema = Type.Object({
  address: Type.String(),
  mspId: Type.String(),
  message: Type.String(),
});

export const ErrorAnswer = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'A chaincode code (INVALID_ARGUMENT, NOT_FOUND…) or a gateway code (MVCC_READ_CONFLICT, ENDORSEMENT_FAILED, TIMEOUT…)' }),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'The offending input, as a path in the request body (reports[1].signature) or a param name' })),
      txId: Type.Optional(Type.String()),
      validationCode: Type.Optional(Type.String({ description: 'Fabric transaction validation code of a failed commit' })),
      details: Type.Optional(Type.Array(ErrorDetailSchema)),
    }),
  },
);
export type ErrorAnswer = Static<typeof ErrorAnswer>;

export const WriteAnswer = Type.Object({
  txId: Type.String(),
  blockNumber: Type.String({ pattern: '^[0-9]+$', description: 'Block that committed the transaction (decimal)' }),
  result: Type.Unknown({ description: 'The chaincode result, parsed from JSON' }),
});
export type WriteAnswer = Static<typeof WriteAnswer>;

export const ReadAnswer = Type.Object({
  result: Type.Unknown({ description: 'The chaincode result, parsed from JSON' }),
});
export type ReadAnswer = Static<typeof ReadAnswer>;

/** The header every response carries, and that a caller may set to correlate its own logs. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Signed reads carry their signed device request here: `Device <base64url(JSON)>`. */
export const DEVICE_AUTHORIZATION_SCHEME = 'Device';
