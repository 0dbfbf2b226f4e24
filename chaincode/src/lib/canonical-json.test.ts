import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('orders object keys and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, e: undefined })).to.equal('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });

  it('refuses floats and unsafe integers, naming the path', () => {
    expect(() => canonicalJson({ a: { b: 1.5 } })).to.throw('a.b: must be a safe integer');
    expect(() => canonicalJson([2 ** 53])).to.throw('[0]: must be a safe integer');
  });

  it('is independent of key insertion order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).to.equal(canonicalJson(object));
        expect(JSON.parse(canonicalJson(object))).to.deep.equal(object);
      }),
    );
  });
});
