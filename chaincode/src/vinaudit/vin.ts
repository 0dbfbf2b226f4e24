/**
 * VIN syntax and the North American check digit (49 CFR 565.15): 17 characters without I, O or Q;
 * position 9 is the weighted sum of the transliterated characters modulo 11, with 10 written as X.
 */
export const VIN_LENGTH = 17;
export const VIN_PATTERN = '^[A-HJ-NPR-Z0-9]{17}$';

const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS: readonly number[] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const CHECK_DIGIT_POSITION = 8;

/**
 * Region of the world manufacturer identifier's first character (ISO 3780): 1-5 is North America,
 * where the check digit is compulsory. Elsewhere it is voluntary: the patent names Citroen, BMW,
 * Renault, Audi, Korean Chevrolets, Fiat and European Fords (e.g. Porsche WP0ZZZ99ZTS392124, GM
 * Korea KLATF08Y1VB363636) whose VINs fail it. A lender may require the check for more prefixes.
 */
export const NORTH_AMERICAN_PREFIXES: readonly string[] = ['1', '2', '3', '4', '5'];

export type VinSyntax = 'ok' | 'length' | 'character';
/** `not-applicable`: the check digit does not match, but the VIN is outside the scheme that requires it. */
export type VinCheck = 'valid' | 'invalid' | 'not-applicable';

export interface VinAssessment {
  readonly syntax: VinSyntax;
  /** Undefined when the syntax is wrong: there is no check digit to speak of. */
  readonly check: VinCheck | undefined;
  /** The check digit the other 16 characters call for. */
  readonly expectedCheckDigit: string | undefined;
  /** Whether the lender's rules require the check digit for this VIN. */
  readonly checkRequired: boolean;
}

export function vinSyntax(vin: string): VinSyntax {
  if (vin.length !== VIN_LENGTH) return 'length';
  return new RegExp(VIN_PATTERN).test(vin) ? 'ok' : 'character';
}

/** The check digit (`0`-`9` or `X`) for a syntactically valid VIN. */
export function computeCheckDigit(vin: string): string {
  let sum = 0;
  for (let position = 0; position < VIN_LENGTH; position += 1) {
    const character = vin.charAt(position);
    const value = /[0-9]/.test(character) ? Number(character) : TRANSLITERATION[character];
    if (value === undefined) throw new RangeError(`not a VIN character: ${character}`);
    sum += value * (WEIGHTS[position] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export function checkDigitRequired(vin: string, requiredPrefixes: readonly string[] = NORTH_AMERICAN_PREFIXES): boolean {
  return requiredPrefixes.some((prefix) => vin.startsWith(prefix));
}

/** Syntax and check digit of a VIN; a failed check is a result, never an exception. */
export function assessVin(vin: string, requiredPrefixes: readonly string[] = NORTH_AMERICAN_PREFIXES): VinAssessment {
  const syntax = vinSyntax(vin);
  const checkRequired = syntax === 'ok' && checkDigitRequired(vin, requiredPrefixes);
  if (syntax !== 'ok') return { syntax, check: undefined, expectedCheckDigit: undefined, checkRequired };
  const expectedCheckDigit = computeCheckDigit(vin);
  const matches = vin.charAt(CHECK_DIGIT_POSITION) === expectedCheckDigit;
  const check: VinCheck = matches ? 'valid' : checkRequired ? 'invalid' : 'not-applicable';
  return { syntax, check, expectedCheckDigit, checkRequired };
}
