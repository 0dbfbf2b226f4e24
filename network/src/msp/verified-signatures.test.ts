import { expect } from 'chai';
import { VerifiedSignatures } from './verified-signatures';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('VerifiedSignatures', () => {
  it('knows a signature only for the identity and the exact message it verified over', () => {
    const cache = new VerifiedSignatures();
    cache.add('id-1', bytes('message'), bytes('sig'));
    expect(cache.has('id-1', bytes('message'), bytes('sig'))).to.equal(true);
    expect(cache.has('id-1', bytes('message!'), bytes('sig'))).to.equal(false);
    expect(cache.has('id-2', bytes('message'), bytes('sig'))).to.equal(false);
    expect(cache.has('id-1', bytes('message'), bytes('sig2'))).to.equal(false);
  });

  it('forgets the oldest entries beyond its capacity', () => {
    const cache = new VerifiedSignatures(2);
    cache.add('id', bytes('m1'), bytes('s1'));
    cache.add('id', bytes('m2'), bytes('s2'));
    cache.add('id', bytes('m3'), bytes('s3'));
    expect(cache.has('id', bytes('m1'), bytes('s1'))).to.equal(false);
    expect(cache.has('id', bytes('m3'), bytes('s3'))).to.equal(true);
  });
});
