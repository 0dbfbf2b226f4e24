/**
 * The block file format: records of `varint(length) || serialized common.Block`, appended to
 * `blockfile_NNNNNN` files like Fabric's blkstorage (which also prefixes each block with a proto varint).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { common } from '@hyperledger/fabric-protos';

const BLOCK_FILE_PREFIX = 'blockfile_';

export function blockFileName(fileNum: number): string {
  return `${BLOCK_FILE_PREFIX}${String(fileNum).padStart(6, '0')}`;
}

export function blockFilePath(chainDir: string, fileNum: number): string {
  return path.join(chainDir, blockFileName(fileNum));
}

/** Numbers of the block files present in the chain directory, ascending. */
export async function listBlockFiles(chainDir: string): Promise<number[]> {
  const names = await fs.readdir(chainDir);
  return names
    .filter((name) => /^blockfile_\d{6}$/.test(name))
    .map((name) => Number(name.slice(BLOCK_FILE_PREFIX.length)))
    .sort((a, b) => a - b);
}

/** Protobuf's unsigned varint (LEB128). */
export function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** The varint at `offset`, or undefined if the buffer ends inside it (or it is absurdly long). */
export function decodeVarint(buffer: Buffer, offset: number): { value: number; size: number } | undefined {
  let value = 0;
  let multiplier = 1;
  for (let i = 0; i < 8; i += 1) {
    const byte = buffer[offset + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return { value, size: i + 1 };
    multiplier *= 0x80;
  }
  return undefined;
}

export function encodeRecord(blockBytes: Uint8Array): Buffer {
  return Buffer.concat([encodeVarint(blockBytes.length), blockBytes]);
}

export interface ScannedRecord {
  readonly block: common.Block;
  readonly blockNum: number;
  /** File offset of the serialized block (just after the length prefix). */
  readonly offset: number;
  readonly length: number;
}

export interface ScanResult {
  readonly records: ScannedRecord[];
  /** File offset just past the last complete, well-formed record. */
  readonly validEnd: number;
  /** True when bytes after validEnd do not form a complete record of the expected block. */
  readonly torn: boolean;
}

/**
 * Reads records from `startOffset` to the end of the file. A record counts only if its length prefix is
 * complete, all its bytes are present, it decodes as a Block, and its number is the next expected one;
 * the first record failing that ends the scan (a crash while appending leaves exactly such a tail).
 */
export async function scanBlockFile(filePath: string, startOffset: number, firstBlockNum: number): Promise<ScanResult> {
  const handle = await fs.open(filePath, 'r');
  let data: Buffer;
  try {
    const { size } = await handle.stat();
    data = Buffer.alloc(Math.max(0, size - startOffset));
    if (data.length > 0) await handle.read(data, 0, data.length, startOffset);
  } finally {
    await handle.close();
  }
  const records: ScannedRecord[] = [];
  let position = 0;
  let expected = firstBlockNum;
  while (position < data.length) {
    const prefix = decodeVarint(data, position);
    if (!prefix || position + prefix.size + prefix.value > data.length) break;
    const start = position + prefix.size;
    const block = tryDecodeBlock(data.subarray(start, start + prefix.value));
    if (!block || block.getHeader()?.getNumber() !== expected) break;
    records.push({ block, blockNum: expected, offset: startOffset + start, length: prefix.value });
    expected += 1;
    position = start + prefix.value;
  }
  return { records, validEnd: startOffset + position, torn: position < data.length };
}

function tryDecodeBlock(bytes: Buffer): common.Block | undefined {
  try {
    const block = common.Block.deserializeBinary(bytes);
    return block.getHeader() ? block : undefined;
  } catch {
    return undefined;
  }
}

export async function readBlockBytes(handle: fs.FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  if (bytesRead !== length) throw new Error(`short read at offset ${offset}: ${bytesRead} of ${length} bytes`);
  return buffer;
}

/** fsync a directory so that a newly created file's entry survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
