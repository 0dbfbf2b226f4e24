/** LevelDB orders keys by their UTF-8 bytes; JS string comparison differs above U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function inRange(key: string, startKey: string, endKey: string): boolean {
  return compareKeys(key, startKey) >= 0 && (endKey === '' || compareKeys(key, endKey) < 0);
}
