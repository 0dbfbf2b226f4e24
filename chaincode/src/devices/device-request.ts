import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypedDataEncoder, concat, getAddress, keccak256, type TypedDataField } from 'ethers';
import { canonicalJson } from '../lib/canonical-json';
import { sha256Hex } from '../lib/hash';

/**
 * Signed device requests: every device action is an EIP-712 typed-data signature over a generic
 * envelope that commits to the canonical JSON of the payload. The same code signs (SDK, tests) and
 * verifies (chaincode), so both sides hash exactly the same bytes.
 */
export const DEVICE_REQUEST_DOMAIN = { name: 'MobilityLedger', version: '1' } as const;

export const DEVICE_REQUEST_TYPES: Record<string, TypedDataField[]> = {
  DeviceRequest: [
    { name: 'device', type: 'address' },
    { name: 'action', type: 'string' },
    { name: 'channel', type: 'string' },
    { name: 'payloadHash', type: 'bytes32' },
    { name: 'nonce', type: 'string' },
    { name: 'expiresAt', type: 'uint64' },
  ],
};

export const ADDRESS_PATTERN = '^0x[0-9a-fA-F]{40}$';
export const NONCE_PATTERN = '^[A-Za-z0-9_-]{8,64}$';

function buildSignedRequestSchema<P extends TSchema>(payload: P) {
  return Type.Object(
    {
      device: Type.String({ pattern: ADDRESS_PATTERN }),
      action: Type.String({ minLength: 1, maxLength: 64 }),
      channel: Type.String({ minLength: 1, maxLength: 249 }),
      payload,
      nonce: Type.String({ pattern: NONCE_PATTERN }),
      expiresAt: Type.Integer({ minimum: 0 }),
      signature: Type.String({ pattern: '^0x[0-9a-fA-F]{130}$' }),
    },
    { additionalProperties: false },
  );
}

// One envelope schema per payload schema: validators are compiled once per schema object.
const envelopeSchemas = new WeakMap<TSchema, TSchema>();

export function signedRequestSchema<P extends TSchema>(payload: P): ReturnType<typeof buildSignedRequestSchema<P>> {
  let schema = envelopeSchemas.get(payload);
  if (!schema) {
    schema = buildSignedRequestSchema(payload);
    envelopeSchemas.set(payload, schema);
  }
  return schema as ReturnType<typeof buildSignedRequestSchema<P>>;
}

export interface SignedDeviceRequest<P = unknown> {
  device: string;
  action: string;
  channel: string;
  payload: P;
  nonce: string;
  /** Unix milliseconds after which the request is refused. */
  expiresAt: number;
  signature: string;
}

export type UnsignedDeviceRequest<P = unknown> = Omit<SignedDeviceRequest<P>, 'signature'>;

export function payloadHash(payload: unknown): string {
  return `0x${sha256Hex(canonicalJson(payload))}`;
}

function typedValue(request: UnsignedDeviceRequest, hashOfPayload = payloadHash(request.payload)): Record<string, unknown> {
  return {
    device: request.device,
    action: request.action,
    channel: request.channel,
    payloadHash: hashOfPayload,
    nonce: request.nonce,
    expiresAt: BigInt(request.expiresAt),
  };
}

// TypedDataEncoder.hash(domain, types, value) rebuilds the type encoders and the domain separator on
// every call; both are constants here. The digest is the same: keccak256(0x1901 ‖ domain ‖ struct hash).
const requestEncoder = TypedDataEncoder.from(DEVICE_REQUEST_TYPES);
const domainSeparator = TypedDataEncoder.hashDomain(DEVICE_REQUEST_DOMAIN);

/** The EIP-712 digest a device signs (`hashOfPayload` when the caller has it already). */
export function deviceRequestDigest(request: UnsignedDeviceRequest, hashOfPayload = payloadHash(request.payload)): string {
  return digestOf(typedValue(request, hashOfPayload));
}

function digestOf(value: Record<string, unknown>): string {
  return keccak256(concat(['0x1901', domainSeparator, requestEncoder.hash(value)]));
}

/** Anything that can sign EIP-712 data: an ethers Wallet, a browser wallet signer, a hardware key. */
export interface TypedDataSigner {
  getAddress(): Promise<string>;
  signTypedData(
    domain: typeof DEVICE_REQUEST_DOMAIN,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

export async function signDeviceRequest<P>(
  signer: TypedDataSigner,
  request: Omit<UnsignedDeviceRequest<P>, 'device'>,
): Promise<SignedDeviceRequest<P>> {
  const device = getAddress(await signer.getAddress());
  const unsigned: UnsignedDeviceRequest<P> = { ...request, device };
  const signature = await signer.signTypedData(DEVICE_REQUEST_DOMAIN, DEVICE_REQUEST_TYPES, typedValue(unsigned));
  return { ...unsigned, signature };
}

export type SignedRequestOf<P extends TSchema> = Static<ReturnType<typeof signedRequestSchema<P>>>;
