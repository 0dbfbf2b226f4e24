import { expect } from 'chai';
import { SigningKey, Wallet, computeAddress, hexlify, keccak256, recoverAddress, toBeHex } from 'ethers';
import fc from 'fast-check';
import { TEST_CHANNEL } from '../testing/test-ledger';
import { signDeviceRequest } from './device-request';
import { recoverDeviceRequestSigner, recoverSignerAddress } from './signer-recovery';

const CURVE_ORDER = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');

/** ethers' answer: the address, or 'refused' when it throws. */
function ethersRecovery(digest: string, signature: string): string {
  try {
    return recoverAddress(digest, signature);
  } catch {
    return 'refused';
  }
}

function fastRecovery(digest: string, signature: string): string {
  try {
    return recoverSignerAddress(digest, signature);
  } catch {
    return 'refused';
  }
}

const key = new SigningKey(keccak256('0x01'));
const keyAddress = computeAddress(key.publicKey);
const digestArbitrary = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => hexlify(bytes));
const scalarArbitrary = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  fc.constantFrom(0n, 1n, CURVE_ORDER - 1n, CURVE_ORDER, CURVE_ORDER + 1n, CURVE_ORDER / 2n, CURVE_ORDER / 2n + 1n, (1n << 256n) - 1n),
);

describe('recoverSignerAddress', () => {
  it('recovers the address ethers recovers from genuine signatures, with v as 27/28 or as a parity byte', () => {
    fc.assert(
      fc.property(digestArbitrary, (digest) => {
        const signature = key.sign(digest);
        expect(recoverSignerAddress(digest, signature.serialized)).to.equal(keyAddress);
        const parityForm = `${signature.r}${signature.s.slice(2)}${signature.yParity ? '01' : '00'}`;
        expect(fastRecovery(digest, parityForm)).to.equal(ethersRecovery(digest, parityForm));
      }),
      { numRuns: 100 },
    );
  });

  it('accepts and refuses exactly what ethers does for arbitrary r, s and v, edge values included', () => {
    fc.assert(
      fc.property(digestArbitrary, scalarArbitrary, scalarArbitrary, fc.constantFrom(0, 1, 2, 27, 28, 29, 35), (digest, r, s, v) => {
        const signature = `${toBeHex(r, 32)}${toBeHex(s, 32).slice(2)}${v.toString(16).padStart(2, '0')}`;
        expect(fastRecovery(digest, signature)).to.equal(ethersRecovery(digest, signature));
      }),
      { numRuns: 400 },
    );
  });

  it('accepts the 64-byte compact form (EIP-2098) as ethers does, and refuses other lengths', () => {
    const digest = keccak256('0x02');
    const signature = key.sign(digest);
    expect(recoverSignerAddress(digest, signature.compactSerialized)).to.equal(keyAddress);
    for (const length of [0, 1, 63, 66, 80]) {
      const bytes = signature.serialized.slice(2).padEnd(160, '0').slice(0, length * 2);
      expect(fastRecovery(digest, `0x${bytes}`), `${length} bytes`).to.equal('refused');
      expect(ethersRecovery(digest, `0x${bytes}`)).to.equal('refused');
    }
  });
});

describe('recoverDeviceRequestSigner', () => {
  it('recovers the signer again from its cache, and never serves a cached signer for a changed request', async () => {
    const wallet = Wallet.createRandom();
    const signed = await signDeviceRequest(wallet, { action: 'test.ping', channel: TEST_CHANNEL, payload: { n: 1 }, nonce: 'cache-0001', expiresAt: 1_000_000 });
    expect(recoverDeviceRequestSigner(signed)).to.equal(wallet.address);
    expect(recoverDeviceRequestSigner({ ...signed })).to.equal(wallet.address);
    for (const changed of [{ payload: { n: 2 } }, { nonce: 'cache-0002' }, { expiresAt: 1_000_001 }, { action: 'test.pong' }, { channel: 'other' }]) {
      expect(recoverDeviceRequestSigner({ ...signed, ...changed })).to.not.equal(wallet.address);
    }
  });

  it('answers undefined for a malformed signature', async () => {
    const signed = await signDeviceRequest(Wallet.createRandom(), { action: 'test.ping', channel: TEST_CHANNEL, payload: {}, nonce: 'cache-0003', expiresAt: 1 });
    expect(recoverDeviceRequestSigner({ ...signed, signature: `0x${'00'.repeat(65)}` })).to.equal(undefined);
  });
});
