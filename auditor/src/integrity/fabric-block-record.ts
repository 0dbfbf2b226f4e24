/**
 * Fabric's on-disk block serialization (common/ledger/blkstorage/block_serialization.go): not a
 * protobuf Block but varint(number) bytes(data_hash) bytes(previous_hash), varint(count) and each
 * envelope as length-prefixed bytes, then varint(count) and each metadata entry likewise.
 */
import { common } from '@hyperledger/fabric-protos';
import { encodeVarint } from '@mobility-ledger/network/dist/ledger/blockstore/block-file';

export class BlockRecordError extends Error {
  override name = 'BlockRecordError';
}

class RecordReader {
  private position = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  varint(what: string): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i += 1) {
      const byte = this.bytes[this.position];
      if (byte === undefined) throw new BlockRecordError(`record ends inside the ${what}`);
      this.position += 1;
      value += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) {
        if (!Number.isSafeInteger(value)) throw new BlockRecordError(`${what} is too large`);
        return value;
      }
      multiplier *= 0x80;
    }
    throw new BlockRecordError(`${what} is not a varint`);
  }

  rawBytes(what: string): Uint8Array {
    const length = this.varint(`length of the ${what}`);
    if (length > this.remaining) throw new BlockRecordError(`${what} runs past the end of the record (${length} bytes, ${this.remaining} left)`);
    const value = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return value;
  }
}

/** Decodes one block record of a Fabric block file (without its leading length varint). */
export function decodeFabricBlockRecord(bytes: Uint8Array): common.Block {
  const reader = new RecordReader(bytes);
  const header = new common.BlockHeader();
  header.setNumber(reader.varint('block number'));
  header.setDataHash(reader.rawBytes('data hash'));
  header.setPreviousHash(reader.rawBytes('previous hash'));
  const data = new common.BlockData();
  const count = reader.varint('transaction count');
  const entries: Uint8Array[] = [];
  for (let i = 0; i < count; i += 1) entries.push(reader.rawBytes(`transaction ${i}`));
  data.setDataList(entries);
  const metadata = new common.BlockMetadata();
  const slots = reader.varint('metadata count');
  const values: Uint8Array[] = [];
  for (let i = 0; i < slots; i += 1) values.push(reader.rawBytes(`metadata ${i}`));
  metadata.setMetadataList(values);
  if (reader.remaining > 0) throw new BlockRecordError(`${reader.remaining} bytes after the metadata`);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

/** Fabric's serializeBlock, for tests that build Fabric-format files. */
export function encodeFabricBlockRecord(block: common.Block): Uint8Array {
  const parts: Uint8Array[] = [];
  const varint = (value: number): void => {
    parts.push(encodeVarint(value));
  };
  const raw = (value: Uint8Array): void => {
    varint(value.length);
    parts.push(value);
  };
  const header = block.getHeader() ?? new common.BlockHeader();
  varint(header.getNumber());
  raw(header.getDataHash_asU8());
  raw(header.getPreviousHash_asU8());
  const entries = block.getData()?.getDataList_asU8() ?? [];
  varint(entries.length);
  entries.forEach(raw);
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  varint(metadata.length);
  metadata.forEach(raw);
  return Buffer.concat(parts);
}
