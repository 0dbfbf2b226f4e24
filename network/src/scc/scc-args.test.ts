import { expect } from 'chai';
import { goQuote, MAX_UINT64, parseUint64 } from './scc-args';

describe('system chaincode arguments', () => {
  it('parses block numbers as strconv.ParseUint(s, 10, 64) does', () => {
    expect(parseUint64('0')).to.equal(0n);
    expect(parseUint64('007')).to.equal(7n);
    expect(parseUint64('18446744073709551615')).to.equal(MAX_UINT64);
  });

  it("words refusals as Go's *strconv.NumError", () => {
    expect(() => parseUint64('abc')).to.throw('strconv.ParseUint: parsing "abc": invalid syntax');
    expect(() => parseUint64('')).to.throw('strconv.ParseUint: parsing "": invalid syntax');
    expect(() => parseUint64('-1')).to.throw('strconv.ParseUint: parsing "-1": invalid syntax');
    expect(() => parseUint64('+1')).to.throw('strconv.ParseUint: parsing "+1": invalid syntax');
    expect(() => parseUint64('1_000')).to.throw('strconv.ParseUint: parsing "1_000": invalid syntax');
    expect(() => parseUint64('18446744073709551616')).to.throw('strconv.ParseUint: parsing "18446744073709551616": value out of range');
  });

  it('quotes as strconv.Quote: escapes quotes, backslashes and control characters, keeps printable runes', () => {
    expect(goQuote('a "b" \\ c')).to.equal('"a \\"b\\" \\\\ c"');
    expect(goQuote('\n\t\u0000\u007f')).to.equal('"\\n\\t\\x00\\x7f"');
    expect(goQuote('Zürich €')).to.equal('"Zürich €"');
    expect(goQuote('\u00ad\u200b')).to.equal('"\\u00ad\\u200b"');
  });
});
