import { expect } from 'chai';
import { captureStateFor } from './capture-state';
import { decideConsensus, type Reading } from './consensus';
import { assignVerifiers } from './crowd-assignment';
import { NORTH_AMERICAN_PREFIXES } from './vin';

const A = '1HGCM82633A004352';
const B = '1G4AH59H45G118341';
const C = '11111111111111111';
const read = (vin: string | null, clarity = 4): Reading => ({ vin, clarity });
const rule = (assigned: number, quorum: number, closing = false) => ({ assigned, quorum, closing, checkDigitRequiredPrefixes: NORTH_AMERICAN_PREFIXES });

describe('crowd consensus', () => {
  it('fixes the majority VIN at quorum, with certainty and clarity per mille', () => {
    const consensus = decideConsensus([read(A, 5), read(B, 2), read(A, 4)], rule(3, 3));
    expect(consensus).to.include({ status: 'agreed', vin: A, vinCheck: 'valid', certaintyPermille: 666, clarityPermille: 733, received: 3 });
    expect(consensus.votes).to.deep.equal([{ vin: A, count: 2 }, { vin: B, count: 1 }]);
  });

  it('waits below the quorum, and says no-quorum when the audit closes first', () => {
    expect(decideConsensus([read(A), read(A)], rule(3, 3)).status).to.equal('pending');
    expect(decideConsensus([read(A), read(A)], rule(3, 3, true)).status).to.equal('no-quorum');
    expect(decideConsensus([], rule(3, 3, true))).to.include({ status: 'no-quorum', certaintyPermille: 0, clarityPermille: 0 });
  });

  it('reports a tie explicitly once every assigned verifier answered', () => {
    expect(decideConsensus([read(A), read(B), read(A)], rule(4, 3)).status).to.equal('agreed');
    expect(decideConsensus([read(A), read(B), read(C)], rule(4, 3)).status).to.equal('pending');
    const tie = decideConsensus([read(A), read(B), read(B), read(A)], rule(4, 3));
    expect(tie).to.include({ status: 'tie', certaintyPermille: 500 });
    expect(tie.vin).to.equal(undefined);
  });

  it('needs a strict majority: a plurality is no-majority', () => {
    expect(decideConsensus([read(A), read(A), read(B), read(C)], rule(4, 4)).status).to.equal('no-majority');
  });

  it('calls a photo unreadable when most verifiers cannot read it', () => {
    expect(decideConsensus([read(null, 0), read(A, 2), read(null, 1)], rule(3, 3))).to.include({ status: 'unreadable', clarityPermille: 200 });
  });

  it('flags a consensus VIN that fails its check digit', () => {
    const wrong = '1M8GDM9A0KP042788';
    expect(decideConsensus([read(wrong), read(wrong), read(wrong)], rule(3, 3))).to.include({ status: 'agreed', vin: wrong, vinCheck: 'invalid' });
  });
});

describe('what a fixed consensus means for the vehicle', () => {
  const expected = new Set([A]);
  it('is complete on an exact match, a mismatch otherwise', () => {
    expect(captureStateFor(decideConsensus([read(A), read(A), read(A)], rule(3, 3)), expected, false)).to.equal('confirmed');
    expect(captureStateFor(decideConsensus([read(B), read(B), read(B)], rule(3, 3)), expected, false)).to.equal('mismatch');
  });

  it('sends the auditor back for an unreadable photo, a tie, or a misread VIN failing its check digit', () => {
    const misread = '1HGCM82603A004352';
    expect(captureStateFor(decideConsensus([read(null), read(null), read(A)], rule(3, 3)), expected, false)).to.equal('retake-requested');
    expect(captureStateFor(decideConsensus([read(A), read(B)], rule(2, 2)), expected, false)).to.equal('retake-requested');
    expect(captureStateFor(decideConsensus([read(misread), read(misread), read(misread)], rule(3, 3)), expected, false)).to.equal('retake-requested');
    expect(captureStateFor(decideConsensus([read(misread), read(misread), read(misread)], rule(3, 3)), expected, true)).to.equal('mismatch');
    expect(captureStateFor(decideConsensus([read(A)], rule(3, 3, true)), expected, true)).to.equal('unresolved');
  });
});

describe('verifier assignment', () => {
  const candidates = Array.from({ length: 8 }, (_, index) => ({ device: `0x${String(index).repeat(40)}`, personRef: `person-${index}` }));
  const options = { txId: 'tx-1', captureIndex: 0, attempt: 1, auditorPersonRef: 'person-3', count: 3 };

  it('draws distinct verifiers from the transaction ID, the same on every endorser', () => {
    const picked = assignVerifiers(candidates, options);
    expect(picked).to.have.length(3);
    expect(new Set(picked).size).to.equal(3);
    expect(assignVerifiers([...candidates].reverse(), options)).to.deep.equal(picked);
    const draws = ['tx-2', 'tx-3', 'tx-4', 'tx-5'].map((txId) => assignVerifiers(candidates, { ...options, txId }).join());
    expect(new Set([picked.join(), ...draws]).size).to.be.greaterThan(1);
  });

  it('never picks a device of the auditor, nor a device twice', () => {
    const twice = [...candidates, candidates[0] ?? { device: '', personRef: '' }];
    for (const txId of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const picked = assignVerifiers(twice, { ...options, txId, count: 8 });
      expect(picked).to.not.include(`0x${'3'.repeat(40)}`);
      expect(picked).to.have.length(7);
    }
  });
});
