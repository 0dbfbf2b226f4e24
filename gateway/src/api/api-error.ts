import { ERROR_STATUS, type ErrorAnswer, type ErrorCode } from './http-answers';

export interface ApiErrorInit {
  readonly field?: string;
  readonly txId?: string;
  readonly validationCode?: string;
  readonly details?: readonly { address: string; mspId: string; message: string }[];
  readonly cause?: unknown;
}

/** An error the gateway answers with: its code fixes the HTTP status (ERROR_STATUS). */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly init: ApiErrorInit = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }

  get field(): string | undefined {
    return this.init.field;
  }

  get txId(): string | undefined {
    return this.init.txId;
  }

  toAnswer(): ErrorAnswer {
    const { field, txId, validationCode, details } = this.init;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(field === undefined ? {} : { field }),
        ...(txId === undefined ? {} : { txId }),
        ...(validationCode === undefined ? {} : { validationCode }),
        ...(details && details.length > 0 ? { details: details.map(({ address, mspId, message }) => ({ address, mspId, message })) } : {}),
      },
    };
  }
}
