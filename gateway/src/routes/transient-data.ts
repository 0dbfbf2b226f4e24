/**
 * Transient-map entries from a body's `transient` object. The chaincode reads openings as JSON and
 * secrets (key parts, salts) as plain text, so strings travel as their UTF-8 bytes and everything
 * else as JSON.
 */
export function encodeTransient(entries: Readonly<Record<string, unknown>> | undefined, allowed: readonly string[]): Record<string, Uint8Array> | undefined {
  if (!entries) return undefined;
  const map: Record<string, Uint8Array> = {};
  for (const key of allowed) {
    const value = entries[key];
    if (value === undefined) continue;
    map[key] = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  }
  return Object.keys(map).length > 0 ? map : undefined;
}

/** A write body without its `transient` object: the chaincode argument. */
export function argumentOf(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { transient: _transient, ...argument } = body;
  return argument;
}
