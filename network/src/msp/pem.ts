/** PEM helpers: Fabric writes PEM with 64-character lines and a trailing newline (Go's pem.Encode). */

export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER bytes of the first PEM block with the given label, or undefined (like Go's pem.Decode). */
export function firstPemBlock(text: string, label: string): Buffer | undefined {
  const begin = `-----BEGIN ${label}-----`;
  const start = text.indexOf(begin);
  if (start < 0) {
    return undefined;
  }
  const end = text.indexOf(`-----END ${label}-----`, start + begin.length);
  if (end < 0) {
    return undefined;
  }
  const body = text.slice(start + begin.length, end).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
    return undefined;
  }
  return Buffer.from(body, 'base64');
}
