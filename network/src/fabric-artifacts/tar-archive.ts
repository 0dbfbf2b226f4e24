import { gzipSync } from 'node:zlib';

/**
 * A minimal ustar writer for the chaincode package format (a gzipped tar of regular files), with
 * fixed owner, mode and modification time so the same inputs always give the same bytes, and so
 * the same package ID (label:SHA-256 of the package file).
 */

export interface TarEntry {
  readonly name: string;
  readonly content: Uint8Array;
}

const BLOCK = 512;
const FILE_MODE = 0o644;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new RangeError(`tar header field too long: ${value}`);
  bytes.copy(header, offset);
}

/** Octal number, zero-padded to length - 1 digits and NUL-terminated, as ustar stores numbers. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function header(entry: TarEntry): Buffer {
  if (Buffer.byteLength(entry.name) > 100) throw new RangeError(`tar entry name longer than 100 bytes: ${entry.name}`);
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, entry.name);
  writeOctal(block, 100, 8, FILE_MODE);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, entry.content.length);
  writeOctal(block, 136, 12, 0);
  block.fill(0x20, 148, 156);
  writeString(block, 156, 1, '0');
  writeString(block, 257, 6, 'ustar\0');
  writeString(block, 263, 2, '00');
  let checksum = 0;
  for (const byte of block) checksum += byte;
  writeString(block, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), Buffer.from(entry.content));
    const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

export function tarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(tarArchive(entries), { level: 9 });
}
