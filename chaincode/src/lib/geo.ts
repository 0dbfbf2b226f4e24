import { Type, type Static } from '@sinclair/typebox';

/**
 * Integer geodesy for consensus math. Positions are microdegrees; distances are millimetres.
 * Equirectangular projection with a fixed cosine table: exact to well under 0.1 % for the short
 * distances the contracts compare (metres to a few kilometres), and bit-identical on every peer.
 */
export const GeoPoint = Type.Object(
  {
    latE6: Type.Integer({ minimum: -90_000_000, maximum: 90_000_000 }),
    lonE6: Type.Integer({ minimum: -180_000_000, maximum: 180_000_000 }),
  },
  { additionalProperties: false },
);
export type GeoPoint = Static<typeof GeoPoint>;

/** Mean Earth radius 6 371 008.8 m: one microdegree of arc is 111.19508 mm = 111 195 080 nm. */
const NANOMETRES_PER_MICRODEGREE = 111_195_080n;

/** cos(d°) × 1e9 for d = 0..90. */
const COS_TABLE_E9: readonly bigint[] = [
  1000000000, 999847695, 999390827, 998629535, 997564050, 996194698, 994521895, 992546152, 990268069, 987688341,
  984807753, 981627183, 978147601, 974370065, 970295726, 965925826, 961261696, 956304756, 951056516, 945518576,
  939692621, 933580426, 927183855, 920504853, 913545458, 906307787, 898794046, 891006524, 882947593, 874619707,
  866025404, 857167301, 848048096, 838670568, 829037573, 819152044, 809016994, 798635510, 788010754, 777145961,
  766044443, 754709580, 743144825, 731353702, 719339800, 707106781, 694658370, 681998360, 669130606, 656059029,
  642787610, 629320391, 615661475, 601815023, 587785252, 573576436, 559192903, 544639035, 529919264, 515038075,
  500000000, 484809620, 469471563, 453990500, 438371147, 422618262, 406736643, 390731128, 374606593, 358367950,
  342020143, 325568154, 309016994, 292371705, 275637356, 258819045, 241921896, 224951054, 207911691, 190808995,
  173648178, 156434465, 139173101, 121869343, 104528463, 87155743, 69756474, 52335956, 34899497, 17452406, 0,
].map(BigInt);

/** cos(latitude) × 1e9 by linear interpolation between whole degrees. */
function cosE9(latE6: bigint): bigint {
  const abs = latE6 < 0n ? -latE6 : latE6;
  const degree = abs / 1_000_000n;
  const fraction = abs % 1_000_000n;
  const low = COS_TABLE_E9[Number(degree)] ?? 0n;
  const high = COS_TABLE_E9[Math.min(Number(degree) + 1, 90)] ?? 0n;
  return low - ((low - high) * fraction) / 1_000_000n;
}

function isqrt(value: bigint): bigint {
  if (value < 2n) return value;
  let x = BigInt(Math.floor(Math.sqrt(Number(value))));
  while (x * x > value) x -= 1n;
  while ((x + 1n) * (x + 1n) <= value) x += 1n;
  return x;
}

/** Distance between two points in whole millimetres (rounded down). */
export function distanceMm(a: GeoPoint, b: GeoPoint): number {
  const dLat = BigInt(b.latE6 - a.latE6);
  let dLon = BigInt(b.lonE6 - a.lonE6);
  if (dLon > 180_000_000n) dLon -= 360_000_000n;
  if (dLon < -180_000_000n) dLon += 360_000_000n;
  const meanLat = (BigInt(a.latE6) + BigInt(b.latE6)) / 2n;
  const northNm = dLat * NANOMETRES_PER_MICRODEGREE;
  const eastNm = (dLon * NANOMETRES_PER_MICRODEGREE * cosE9(meanLat)) / 1_000_000_000n;
  return Number(isqrt(northNm * northNm + eastNm * eastNm) / 1_000_000n);
}

export function withinMm(a: GeoPoint, b: GeoPoint, limitMm: number): boolean {
  return distanceMm(a, b) <= limitMm;
}
