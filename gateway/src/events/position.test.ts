import { expect } from 'chai';
import { endOfEventKey, formatPosition, InvalidPositionError, parsePosition, positionKey, positionOfKey } from './position';

describe('events: positions', () => {
  it('round-trips the external form and the stored key', () => {
    const position = { blockNumber: 42n, eventIndex: 3, noticeIndex: 1 };
    expect(formatPosition(position)).to.equal('42.3.1');
    expect(parsePosition('42.3.1')).to.deep.equal(position);
    expect(positionKey(position)).to.equal('00000000000000000042.000003.0001');
    expect(positionOfKey(positionKey(position))).to.deep.equal(position);
  });

  it('orders stored keys as block, then event, then notice', () => {
    const texts = ['10.0.0', '9.5.2', '9.10.0', '9.5.10', '100.0.0', '18446744073709551615.999999.9999'];
    const sorted = texts.map((text) => positionKey(parsePosition(text))).sort();
    expect(sorted.map((key) => formatPosition(positionOfKey(key)))).to.deep.equal(['9.5.2', '9.5.10', '9.10.0', '10.0.0', '100.0.0', '18446744073709551615.999999.9999']);
  });

  it('puts the end of an event after each of its notices and before the next event', () => {
    const end = endOfEventKey(7n, 2);
    expect(positionKey(parsePosition('7.2.9998')) < end).to.equal(true);
    expect(end < positionKey(parsePosition('7.3.0'))).to.equal(true);
  });

  it('refuses malformed and out-of-range positions', () => {
    for (const text of ['', '1.2', '1.2.3.4', '-1.0.0', 'a.0.0', '1.0.10000', '18446744073709551616.0.0', '1.1234567.0']) {
      expect(() => parsePosition(text), text).to.throw(InvalidPositionError);
    }
  });
});
