import type { Verdict } from './rideshare-types';

/**
 * The decision rule of claims 15, 19 and 20 (FIG. 7), as a pure function over integers.
 *
 * 1. The vehicle must be strictly closer to the pickup point than `pickupRadiusMm` (step 710);
 *    otherwise it keeps driving (step 708): recorded, nothing else changes.
 * 2. The rider is the account holder when the face verdict AND the voice verdict each score at
 *    least their threshold (steps 714-718).
 * 3. PIN fallback (when the operator enables it): a correct one-time PIN stands in for ONE failed
 *    biometric verdict. The PIN proves possession of the account's phone, not the person, so it
 *    never replaces both (paragraph 4: riders sharing a phone or an account).
 */
export interface PickupRules {
  readonly pickupRadiusMm: number;
  readonly faceThreshold: number;
  readonly voiceThreshold: number;
  readonly pinFallback: boolean;
}

/** `absent`: no PIN was typed; `match` / `mismatch`: a PIN was typed and checked against the commitment. */
export type PinCheck = 'absent' | 'match' | 'mismatch';

export type PickupDecision =
  | { readonly outcome: 'too-far' }
  | { readonly outcome: 'verified'; readonly method: 'biometrics' | 'pin-fallback' }
  | { readonly outcome: 'identity-failed'; readonly reason: string };

export function decidePickup(rules: PickupRules, distanceToPickupMm: number, face: Verdict, voice: Verdict, pin: PinCheck): PickupDecision {
  if (distanceToPickupMm >= rules.pickupRadiusMm) return { outcome: 'too-far' };
  const faceOk = face.score >= rules.faceThreshold;
  const voiceOk = voice.score >= rules.voiceThreshold;
  if (faceOk && voiceOk) return { outcome: 'verified', method: 'biometrics' };
  if (pin === 'mismatch') return { outcome: 'identity-failed', reason: 'wrong PIN' };
  if (rules.pinFallback && pin === 'match' && (faceOk || voiceOk)) return { outcome: 'verified', method: 'pin-fallback' };
  const failed = [faceOk ? undefined : 'face', voiceOk ? undefined : 'voice'].filter((name) => name !== undefined).join(' and ');
  return { outcome: 'identity-failed', reason: `${failed} below threshold` };
}
