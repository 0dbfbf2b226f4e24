import {
  signDeviceRequest,
  type SignedDeviceRequest,
  type TypedDataSigner,
} from '@mobility-ledger/chaincode/dist/devices/device-request';
import { encodeBase64, randomBytes, toUtf8Bytes } from 'ethers';

/** The channel every Mobility Ledger request names (part of the signed EIP-712 value). */
export const DEFAULT_CHANNEL = 'mobility';
/** Transaction requests: long enough for a retried submit, short enough that a captured one soon dies. */
export const DEFAULT_REQUEST_TTL_MS = 2 * 60_000;
/** The gateway refuses authorization headers valid for longer than this. */
export const MAX_AUTHORIZATION_TTL_MS = 5 * 60_000;

export interface SigningOptions {
  readonly channel?: string;
  /** Lifetime of each signed request. */
  readonly ttlMs?: number;
  /** The device's clock (Unix ms); tests and devices with a corrected clock pass their own. */
  readonly now?: () => number;
}

/** base64url without padding (RFC 4648 §5), from bytes, in Node and browsers alike. */
export function base64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A fresh nonce: 128 random bits, base64url (22 characters, inside NONCE_PATTERN). The chaincode
 * consumes each nonce of a device once, so a captured request cannot be submitted again.
 */
export function newNonce(): string {
  return base64Url(randomBytes(16));
}

/** Signs device requests for one key: a new nonce and an expiry on every request. */
export class RequestSigner {
  readonly channel: string;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    readonly key: TypedDataSigner,
    options: SigningOptions = {},
  ) {
    this.channel = options.channel ?? DEFAULT_CHANNEL;
    this.ttlMs = options.ttlMs ?? DEFAULT_REQUEST_TTL_MS;
    this.now = options.now ?? (() => Date.now());
  }

  async sign<P>(action: string, payload: P, options: { ttlMs?: number; nonce?: string } = {}): Promise<SignedDeviceRequest<P>> {
    return signDeviceRequest(this.key, {
      action,
      channel: this.channel,
      payload,
      nonce: options.nonce ?? newNonce(),
      expiresAt: this.now() + (options.ttlMs ?? this.ttlMs),
    });
  }

  /**
   * `Authorization: Device <base64url(JSON)>` for calls that are not transactions (event streams,
   * dashboards). Signed afresh per connection, so each header expires within minutes.
   */
  async authorization(action: string, payload: unknown = {}, ttlMs = 60_000): Promise<string> {
    const request = await this.sign(action, payload, { ttlMs: Math.min(ttlMs, MAX_AUTHORIZATION_TTL_MS) });
    return `Device ${base64Url(toUtf8Bytes(JSON.stringify(request)))}`;
  }
}
