import { expect } from 'chai';
import { generateKeyPairSync, verify } from 'node:crypto';
import { newNativeP256Signer } from './native-signer';

const HALF_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551') >> 1n;

/** r and s of a DER ECDSA signature, checking its structure on the way. */
function parseDer(der: Uint8Array): { r: bigint; s: bigint } {
  const bytes = Buffer.from(der);
  expect(bytes[0]).to.equal(0x30);
  expect(bytes[1]).to.equal(bytes.length - 2);
  const integers: bigint[] = [];
  let offset = 2;
  while (offset < bytes.length) {
    expect(bytes[offset]).to.equal(0x02);
    const length = bytes[offset + 1] ?? 0;
    const value = bytes.subarray(offset + 2, offset + 2 + length);
    expect((value[0] ?? 0) & 0x80, 'positive INTEGER').to.equal(0);
    if (value.length > 1) expect(value[0] === 0 && ((value[1] ?? 0) & 0x80) === 0, 'minimal INTEGER').to.equal(false);
    integers.push(BigInt(`0x${value.toString('hex')}`));
    offset += 2 + length;
  }
  expect(integers).to.have.length(2);
  return { r: integers[0] ?? 0n, s: integers[1] ?? 0n };
}

describe('native P-256 signer', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = newNativeP256Signer(privateKey);

  // Without the low-S step about half of OpenSSL's signatures would be high-S: 64 all low is no accident.
  it('makes minimal DER, low-S signatures over the SHA-256 of the message', async () => {
    for (let index = 0; index < 64; index++) {
      const message = Buffer.from(`proposal bytes ${index}`);
      const der = await signer(message);
      expect(verify('sha256', message, publicKey, der), 'OpenSSL verify').to.equal(true);
      const { s } = parseDer(der);
      expect(s <= HALF_N, 'low-S').to.equal(true);
    }
  });

  it('refuses keys of other curves', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    expect(() => newNativeP256Signer(other)).to.throw('P-256');
  });
});
