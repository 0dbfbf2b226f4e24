/**
 * Reads a ledger's block files directly, without opening the block store (which would repair a torn
 * tail or rebuild its index, i.e. change the evidence). Both layouts are read:
 *  - the embedded network: `<data>/ledgersData/chains/<channel>/blockfile_NNNNNN`, records
 *    varint(length) || serialized common.Block (network/src/ledger/blockstore/block-file.ts);
 *  - a Fabric 2.5 peer: `<data>/ledgersData/chains/chains/<channel>/blockfile_NNNNNN`, records
 *    varint(length) || Fabric's block serialization (fabric-block-record.ts).
 * Damaged records are reported, not skipped silently.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { blockFilePath, decodeVarint, listBlockFiles } from '@mobility-ledger/network/dist/ledger/blockstore/block-file';
import { decodeFabricBlockRecord } from './fabric-block-record';

export type BlockFileFormat = 'embedded' | 'fabric';

export interface LedgerLocation {
  readonly chainDir: string;
  readonly format: BlockFileFormat;
}

/** Where a record sits, for reports. */
export interface RecordPosition {
  readonly file: string;
  readonly offset: number;
}

export type BlockFileEntry =
  | { readonly kind: 'block'; readonly block: common.Block; readonly position: RecordPosition }
  | {
      readonly kind: 'unreadable';
      readonly position: RecordPosition;
      readonly reason: string;
      /** False when the record's length itself is unusable: nothing after it can be located. */
      readonly resumable: boolean;
    };

export class LedgerLocationError extends Error {
  override name = 'LedgerLocationError';
}

async function hasBlockFiles(dir: string): Promise<boolean> {
  try {
    return (await listBlockFiles(dir)).length > 0;
  } catch {
    return false;
  }
}

/**
 * The chain directory of a channel under a data directory (an embedded network's data dir, a peer's
 * file system path holding ledgersData, or the chain directory itself) and the format of its files.
 */
export async function locateLedger(dataDir: string, channel: string): Promise<LedgerLocation> {
  const candidates: LedgerLocation[] = [
    { chainDir: path.join(dataDir, 'ledgersData', 'chains', 'chains', channel), format: 'fabric' },
    { chainDir: path.join(dataDir, 'chains', 'chains', channel), format: 'fabric' },
    { chainDir: path.join(dataDir, 'ledgersData', 'chains', channel), format: 'embedded' },
    { chainDir: path.join(dataDir, 'chains', channel), format: 'embedded' },
  ];
  for (const candidate of candidates) {
    if (await hasBlockFiles(candidate.chainDir)) return candidate;
  }
  if (await hasBlockFiles(dataDir)) return { chainDir: dataDir, format: await sniffFormat(dataDir) };
  throw new LedgerLocationError(`no block files of channel '${channel}' under ${dataDir}`);
}

/** A bare chain directory: an embedded record decodes as a protobuf Block, a Fabric one does not. */
async function sniffFormat(chainDir: string): Promise<BlockFileFormat> {
  const [first] = await listBlockFiles(chainDir);
  const bytes = await fs.readFile(blockFilePath(chainDir, first ?? 0));
  const prefix = decodeVarint(bytes, 0);
  if (!prefix) return 'embedded';
  const record = bytes.subarray(prefix.size, prefix.size + prefix.value);
  try {
    decodeFabricBlockRecord(record);
    return 'fabric';
  } catch {
    return 'embedded';
  }
}

function decodeRecord(format: BlockFileFormat, bytes: Uint8Array): common.Block {
  if (format === 'fabric') return decodeFabricBlockRecord(bytes);
  const block = common.Block.deserializeBinary(bytes);
  if (!block.getHeader()) throw new Error('record has no block header');
  return block;
}

/** Every record of every block file, in file order. */
export async function* readBlockFiles(location: LedgerLocation): AsyncGenerator<BlockFileEntry, void, undefined> {
  for (const fileNum of await listBlockFiles(location.chainDir)) {
    const file = blockFilePath(location.chainDir, fileNum);
    const bytes = await fs.readFile(file);
    let offset = 0;
    while (offset < bytes.length) {
      const position = { file, offset };
      const prefix = decodeVarint(bytes, offset);
      if (!prefix || offset + prefix.size + prefix.value > bytes.length) {
        yield { kind: 'unreadable', position, reason: `record length runs past the end of the file (${bytes.length - offset} bytes left)`, resumable: false };
        return;
      }
      const start = offset + prefix.size;
      offset = start + prefix.value;
      try {
        yield { kind: 'block', block: decodeRecord(location.format, bytes.subarray(start, offset)), position };
      } catch (error) {
        yield { kind: 'unreadable', position, reason: `record does not decode as a block: ${(error as Error).message}`, resumable: true };
      }
    }
  }
}

/** All blocks of a ledger that decode (tests and small tools; the scanner streams). */
export async function readAllBlocks(location: LedgerLocation): Promise<common.Block[]> {
  const blocks: common.Block[] = [];
  for await (const entry of readBlockFiles(location)) {
    if (entry.kind === 'block') blocks.push(entry.block);
  }
  return blocks;
}
