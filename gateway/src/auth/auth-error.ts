/**
 * Why a device (or org app) was refused. The codes are the gateway's error codes
 * (docs/GATEWAY-API-BRIEF.md): UNAUTHENTICATED 401, PERMISSION_DENIED 403, PEER_UNAVAILABLE 503.
 */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'PEER_UNAVAILABLE';

const STATUS: Readonly<Record<AuthErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  PEER_UNAVAILABLE: 503,
};

export class DeviceAuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    /** The part of the credential at fault, e.g. `authorization.expiresAt`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceAuthError';
  }

  get statusCode(): number {
    return STATUS[this.code];
  }

  /** The gateway's error body: `{ error: { code, message, field } }`. */
  toBody(): { error: { code: AuthErrorCode; message: string; field: string } } {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

export const unauthenticated = (field: string, message: string): DeviceAuthError => new DeviceAuthError('UNAUTHENTICATED', field, message);
export const permissionDenied = (field: string, message: string): DeviceAuthError => new DeviceAuthError('PERMISSION_DENIED', field, message);
