import { expect } from 'chai';
import { TypedDataEncoder, Wallet, hexlify } from 'ethers';
import fc from 'fast-check';
import { TEST_CHANNEL } from '../testing/test-ledger';
import { DEVICE_REQUEST_DOMAIN, DEVICE_REQUEST_TYPES, deviceRequestDigest, payloadHash, signDeviceRequest, type UnsignedDeviceRequest } from './device-request';
import { recoverSignerAddress } from './signer-recovery';

/** ethers' answer from scratch: the digest, or 'refused' when it throws. */
function ethersDigest(request: UnsignedDeviceRequest): string {
  try {
    const value = { ...request, payloadHash: payloadHash(request.payload), expiresAt: BigInt(request.expiresAt) };
    return TypedDataEncoder.hash(DEVICE_REQUEST_DOMAIN, DEVICE_REQUEST_TYPES, value);
  } catch {
    return 'refused';
  }
}

function ourDigest(request: UnsignedDeviceRequest): string {
  try {
    return deviceRequestDigest(request);
  } catch {
    return 'refused';
  }
}

const wallet = Wallet.createRandom();
const addressArbitrary = fc.oneof(
  fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => hexlify(bytes)),
  fc.constant(wallet.address),
  fc.constant(wallet.address.toLowerCase()),
  // A wrong mixed-case checksum, which ethers refuses.
  fc.constant(`0x${wallet.address.slice(2).replace(/[a-f]/, (letter) => letter.toUpperCase())}`),
  fc.constant(`0x${wallet.address.slice(2).replace(/[A-F]/, (letter) => letter.toLowerCase())}`),
  fc.constant('0x1234'),
);
const textArbitrary = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('', '\uD800', 'é', '🚗'));
const expiresAtArbitrary = fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, 2 ** 64, 2 ** 64 - 2048, -1, 1.5));
const requestArbitrary = fc.record({
  device: addressArbitrary,
  action: textArbitrary,
  channel: textArbitrary,
  payload: fc.jsonValue(),
  nonce: textArbitrary,
  expiresAt: expiresAtArbitrary,
});

describe('deviceRequestDigest', () => {
  it('is the EIP-712 hash ethers computes from scratch, and refuses what ethers refuses', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        expect(ourDigest(request)).to.equal(ethersDigest(request));
      }),
      { numRuns: 500 },
    );
  });

  it('is what a wallet signs with signTypedData', async () => {
    const signed = await signDeviceRequest(wallet, { action: 'devices.register', channel: TEST_CHANNEL, payload: { type: 'owner-phone', n: [1, 2] }, nonce: 'digest-0001', expiresAt: 1_700_000_000_000 });
    expect(recoverSignerAddress(deviceRequestDigest(signed), signed.signature)).to.equal(wallet.address);
  });
});
