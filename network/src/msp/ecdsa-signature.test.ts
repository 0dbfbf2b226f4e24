import { expect } from 'chai';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  decodeDerSignature,
  encodeDerSignature,
  flipS,
  isAcceptableDerSignature,
  isLowS,
  p1363ToLowSDer,
} from './ecdsa-signature';

describe('ECDSA signature encoding', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const message = Buffer.from('fabric');

  it('normalises P1363 signatures to low-S DER that OpenSSL verifies', () => {
    for (let i = 0; i < 16; i += 1) {
      const der = p1363ToLowSDer(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      const scalars = decodeDerSignature(der);
      expect(scalars).to.not.equal(undefined);
      expect(isLowS(scalars?.s ?? Buffer.alloc(0))).to.equal(true);
      expect(isAcceptableDerSignature(der)).to.equal(true);
      expect(verify('sha256', message, publicKey, der)).to.equal(true);
    }
  });

  it('round-trips r and s through DER, padding integers with a high bit', () => {
    const r = Buffer.from('80'.padEnd(64, '1'), 'hex');
    const s = Buffer.from('01', 'hex');
    const der = encodeDerSignature(r, s);
    expect(Buffer.from(der).toString('hex')).to.equal(`3026022100${r.toString('hex')}020101`);
    expect(decodeDerSignature(der)).to.deep.equal({ r, s });
  });

  it('refuses high-S, non-minimal, negative, zero and trailing-data encodings', () => {
    const der = p1363ToLowSDer(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const { r, s } = decodeDerSignature(der) ?? { r: Buffer.alloc(0), s: Buffer.alloc(0) };
    const highS = encodeDerSignature(r, flipS(s));
    expect(verify('sha256', message, publicKey, highS), 'high-S is a valid ECDSA signature').to.equal(true);
    expect(isAcceptableDerSignature(highS)).to.equal(false);

    expect(isAcceptableDerSignature(Buffer.from('300702020001020101', 'hex')), 'padded r').to.equal(false);
    expect(isAcceptableDerSignature(Buffer.from('3006020101020101', 'hex')), 'minimal form').to.equal(true);
    expect(isAcceptableDerSignature(Buffer.from('3006020101020180', 'hex')), 'negative s').to.equal(false);
    expect(isAcceptableDerSignature(Buffer.from('3006020100020101', 'hex')), 'zero r').to.equal(false);
    expect(isAcceptableDerSignature(Buffer.concat([der, Buffer.from([0])])), 'trailing byte').to.equal(false);
    expect(isAcceptableDerSignature(Buffer.alloc(0))).to.equal(false);
  });
});
