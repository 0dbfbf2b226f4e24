import { expect } from 'chai';
import { decidePickup, type PickupRules } from './pickup-rule';

const rules: PickupRules = { pickupRadiusMm: 100_000, faceThreshold: 800, voiceThreshold: 750, pinFallback: true };
const face = (score: number) => ({ score, modelId: 'face-v3' });
const voice = (score: number) => ({ score, modelId: 'voice-v2' });

describe('pickup decision rule', () => {
  it('requires the vehicle to be strictly closer than the pickup radius', () => {
    expect(decidePickup(rules, 99_999, face(1000), voice(1000), 'absent')).to.deep.equal({ outcome: 'verified', method: 'biometrics' });
    expect(decidePickup(rules, 100_000, face(1000), voice(1000), 'absent')).to.deep.equal({ outcome: 'too-far' });
  });

  it('passes verdicts at their thresholds and fails them one point below', () => {
    expect(decidePickup(rules, 0, face(800), voice(750), 'absent').outcome).to.equal('verified');
    expect(decidePickup(rules, 0, face(799), voice(750), 'absent')).to.deep.equal({ outcome: 'identity-failed', reason: 'face below threshold' });
    expect(decidePickup(rules, 0, face(800), voice(749), 'absent')).to.deep.equal({ outcome: 'identity-failed', reason: 'voice below threshold' });
    expect(decidePickup(rules, 0, face(0), voice(0), 'absent')).to.deep.equal({ outcome: 'identity-failed', reason: 'face and voice below threshold' });
  });

  it('lets a correct PIN stand in for one failed verdict, never for both', () => {
    expect(decidePickup(rules, 0, face(799), voice(750), 'match')).to.deep.equal({ outcome: 'verified', method: 'pin-fallback' });
    expect(decidePickup(rules, 0, face(800), voice(749), 'match')).to.deep.equal({ outcome: 'verified', method: 'pin-fallback' });
    expect(decidePickup(rules, 0, face(799), voice(749), 'match').outcome).to.equal('identity-failed');
  });

  it('fails a wrong PIN, and ignores the PIN fallback when the operator disabled it', () => {
    expect(decidePickup(rules, 0, face(799), voice(750), 'mismatch')).to.deep.equal({ outcome: 'identity-failed', reason: 'wrong PIN' });
    expect(decidePickup({ ...rules, pinFallback: false }, 0, face(799), voice(750), 'match').outcome).to.equal('identity-failed');
  });

  it('checks the distance before identity: a far vehicle is not an identity failure', () => {
    expect(decidePickup(rules, 200_000, face(0), voice(0), 'mismatch')).to.deep.equal({ outcome: 'too-far' });
  });
});
