const COMPOSITE_KEY_SEPARATOR = '\u0000';

/** A state key for people: composite keys `\0type\0a\0b\0` as `type/a/b`, other keys unchanged. */
export function displayKey(key: string): string {
  if (!key.startsWith(COMPOSITE_KEY_SEPARATOR)) return key;
  return key.split(COMPOSITE_KEY_SEPARATOR).slice(1, -1).join('/');
}
