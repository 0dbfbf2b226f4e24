import { expect } from 'chai';
import fc from 'fast-check';
import { assessVin, computeCheckDigit, vinSyntax } from './vin';

describe('VIN check digit (49 CFR 565)', () => {
  for (const vin of ['1G4AH59H45G118341', '1M8GDM9AXKP042788', '1HGCM82633A004352', '11111111111111111']) {
    it(`accepts ${vin}`, () => {
      expect(assessVin(vin)).to.deep.equal({ syntax: 'ok', check: 'valid', expectedCheckDigit: vin.charAt(8), checkRequired: true });
    });
  }

  it('finds a wrong check digit as a result, not an exception: 1M8GDM9A0KP042788 calls for X', () => {
    expect(assessVin('1M8GDM9A0KP042788')).to.deep.equal({ syntax: 'ok', check: 'invalid', expectedCheckDigit: 'X', checkRequired: true });
  });

  it('writes a remainder of ten as X', () => {
    expect(computeCheckDigit('1M8GDM9AXKP042788')).to.equal('X');
  });

  it('reports length and forbidden letters (I, O, Q) as syntax, without a check', () => {
    expect(vinSyntax('1HGCM82633A00435')).to.equal('length');
    expect(vinSyntax('1HGCM82633A0O4352')).to.equal('character');
    expect(vinSyntax('1HGCM8263IA004352')).to.equal('character');
    expect(assessVin('QHGCM82633A004352').check).to.equal(undefined);
  });

  it('marks non-North-American VINs that fail the check as not applicable (patent: Porsche, Korean GM)', () => {
    expect(assessVin('WP0ZZZ99ZTS392124').check).to.equal('not-applicable');
    expect(assessVin('KLATF08Y1VB363636').check).to.equal('not-applicable');
    // The patent claims SGZCZ43D13S812715 also passes; it does not (the digits call for X).
    expect(assessVin('SGZCZ43D13S812715')).to.include({ check: 'not-applicable', expectedCheckDigit: 'X' });
  });

  it('still reports a passing foreign VIN as valid, and lets a lender require the check for more prefixes', () => {
    expect(assessVin('JHMCM56557C404453').check).to.equal('valid');
    expect(assessVin('JHMCM56507C404453').check).to.equal('not-applicable');
    expect(assessVin('JHMCM56507C404453', ['1', 'J']).check).to.equal('invalid');
  });

  it('detects every change of the check digit of a North American VIN', () => {
    const characters = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'.split('');
    const body = fc.array(fc.constantFrom(...characters), { minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(body, fc.constantFrom(...'0123456789X'.split('')), (chars, digit) => {
        const draft = `1${chars.slice(0, 7).join('')}0${chars.slice(7, 15).join('')}`;
        const valid = `${draft.slice(0, 8)}${computeCheckDigit(draft)}${draft.slice(9)}`;
        expect(assessVin(valid).check).to.equal('valid');
        const changed = `${valid.slice(0, 8)}${digit}${valid.slice(9)}`;
        expect(assessVin(changed).check).to.equal(digit === valid.charAt(8) ? 'valid' : 'invalid');
      }),
      { numRuns: 200 },
    );
  });
});
