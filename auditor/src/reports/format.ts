/**
 * Ledger integers to human text, used only by renderers. Decimal places come from string
 * arithmetic on the integer, so 32 715 100 µdeg is exactly "32.715100", never 32.71509999….
 */

function fixedPoint(value: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const sign = value < 0 ? '-' : '';
  const digits = Math.abs(value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  return decimals === 0 ? `${sign}${whole}` : `${sign}${whole}.${digits.slice(digits.length - decimals)}`;
}

/** Microdegrees as decimal degrees with six places. */
export function degrees(microdegrees: number): string {
  return fixedPoint(microdegrees, 6);
}

/** A position as "lat, lon" in decimal degrees. */
export function position(point: { latE6: number; lonE6: number }): string {
  return `${degrees(point.latE6)}, ${degrees(point.lonE6)}`;
}

/** Millimetres as metres with three places ("1.524"). */
export function metres(millimetres: number): string {
  return fixedPoint(millimetres, 3);
}

/** Millimetres as metres rounded to one place, with the unit ("1.5 m"). */
export function metresShort(millimetres: number): string {
  return `${fixedPoint(Math.round(millimetres / 100), 1)} m`;
}

/** Per mille as a percentage with one place ("66.6"). */
export function percent(permille: number): string {
  return fixedPoint(permille, 1);
}

/** Epoch milliseconds as UTC "YYYY-MM-DD HH:MM:SS". */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds as seconds with three places. */
export function seconds(ms: number): string {
  return fixedPoint(ms, 3);
}

/** "smartphone (Pixel 8)" or "smartphone". */
export function deviceLabel(device: { kind: string; model?: string | undefined } | undefined): string {
  if (!device) return '';
  return device.model ? `${device.kind} (${device.model})` : device.kind;
}

/** A long hex ID shortened for tables: the first 12 characters. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 12)}…` : id;
}
