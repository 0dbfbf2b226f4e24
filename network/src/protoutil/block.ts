/**
 * Fabric's block construction and hashing (fabric/protoutil/blockutils.go, v2.5):
 * - the header hash is SHA-256 over the ASN.1 DER encoding
 *   SEQUENCE { number INTEGER, previous_hash OCTET STRING, data_hash OCTET STRING };
 * - the data hash is SHA-256 over the plain concatenation of the data entries
 *   (BlockDataHashingStructure width 4294967295 means "one flat hash", not a Merkle tree).
 */
import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';

/** Fabric 2.5 fills one metadata slot per BlockMetadataIndex value (SIGNATURES .. COMMIT_HASH, ORDERER included). */
export const BLOCK_METADATA_SLOTS = common.BlockMetadataIndex.COMMIT_HASH + 1;

export type BlockMetadataIndex = common.BlockMetadataIndexMap[keyof common.BlockMetadataIndexMap];

export class HashChainError extends Error {
  constructor(
    readonly blockNumber: number,
    message: string,
  ) {
    super(`block ${blockNumber}: ${message}`);
    this.name = 'HashChainError';
  }
}

function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** DER length octets: short form below 128, long form otherwise. */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

function derElement(tag: number, content: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(tag), derLength(content.length), content]);
}

/** Minimal two's-complement big-endian octets of a non-negative integer, as Go's asn1 writes a *big.Int. */
function derUnsignedInteger(value: bigint): Uint8Array {
  const octets: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) octets.unshift(Number(rest & 0xffn));
  // Zero is one 0x00 octet; a leading octet with the top bit set needs a 0x00 so it is not read as negative.
  if (octets.length === 0 || (octets[0] ?? 0) & 0x80) octets.unshift(0);
  return derElement(0x02, Uint8Array.from(octets));
}

/** protoutil.BlockHeaderBytes: the DER bytes that are hashed and that the orderer signs. */
export function blockHeaderBytes(header: common.BlockHeader): Uint8Array {
  const number = BigInt(header.getNumber());
  if (number < 0n) throw new RangeError(`block number must not be negative: ${number}`);
  const content = Buffer.concat([
    derUnsignedInteger(number),
    derElement(0x04, header.getPreviousHash_asU8()),
    derElement(0x04, header.getDataHash_asU8()),
  ]);
  return new Uint8Array(derElement(0x30, content));
}

/** protoutil.BlockHeaderHash: the value the next block carries as previous_hash. */
export function blockHeaderHash(header: common.BlockHeader): Uint8Array {
  return sha256(blockHeaderBytes(header));
}

/** protoutil.ComputeBlockDataHash: SHA-256 over the concatenated entries. */
export function blockDataHash(data: common.BlockData | readonly Uint8Array[]): Uint8Array {
  const entries = Array.isArray(data) ? (data as readonly Uint8Array[]) : (data as common.BlockData).getDataList_asU8();
  return sha256(...entries);
}

/** protoutil.NewBlock: empty data, empty data hash, and every metadata slot present but empty. */
export function newBlock(number: number, previousHash: Uint8Array): common.Block {
  if (!Number.isSafeInteger(number) || number < 0) throw new RangeError(`invalid block number: ${number}`);
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(new Uint8Array());
  const block = new common.Block();
  block.setHeader(header);
  block.setData(new common.BlockData());
  block.setMetadata(new common.BlockMetadata());
  initBlockMetadata(block);
  return block;
}

/** Sets the block's entries and the header's data hash to match them. */
export function setBlockData(block: common.Block, entries: readonly Uint8Array[]): void {
  const data = new common.BlockData();
  data.setDataList(entries.slice());
  block.setData(data);
  requireHeader(block).setDataHash(blockDataHash(entries));
}

/** protoutil.InitBlockMetadata: pads the metadata to all slots, keeping the ones already set. */
export function initBlockMetadata(block: common.Block): void {
  const metadata = block.getMetadata() ?? new common.BlockMetadata();
  const slots = metadata.getMetadataList_asU8().slice();
  while (slots.length < BLOCK_METADATA_SLOTS) slots.push(new Uint8Array());
  metadata.setMetadataList(slots);
  block.setMetadata(metadata);
}

/** Replaces one metadata slot (e.g. SIGNATURES, LAST_CONFIG) with serialized bytes. */
export function setBlockMetadata(block: common.Block, index: BlockMetadataIndex, value: Uint8Array): void {
  initBlockMetadata(block);
  const metadata = block.getMetadata() as common.BlockMetadata;
  const slots = metadata.getMetadataList_asU8().slice();
  slots[index] = value;
  metadata.setMetadataList(slots);
}

/** protoutil.GetMetadataFromBlock: the common.Metadata in a slot (empty bytes decode to an empty Metadata). */
export function getBlockMetadata(block: common.Block, index: BlockMetadataIndex): common.Metadata {
  const slots = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const slot = slots[index];
  if (slot === undefined) throw new RangeError(`block ${block.getHeader()?.getNumber()} has no metadata at index ${index}`);
  return common.Metadata.deserializeBinary(slot);
}

function requireHeader(block: common.Block): common.BlockHeader {
  const header = block.getHeader();
  if (!header) throw new TypeError('block has no header');
  return header;
}

export interface HashChainOptions {
  /** Header hash of the block before the first one given, when the chain does not start at block 0. */
  readonly previousHash?: Uint8Array;
}

/**
 * Checks that each block's data hash matches its data, block numbers are consecutive, and each
 * previous_hash is the header hash of the block before it. Throws HashChainError at the first break.
 */
export function verifyHashChain(blocks: Iterable<common.Block>, options: HashChainOptions = {}): void {
  let previous: { number: number; hash: Uint8Array } | undefined;
  for (const block of blocks) {
    const header = block.getHeader();
    if (!header) throw new HashChainError(previous ? previous.number + 1 : 0, 'missing header');
    const number = header.getNumber();
    if (!Buffer.from(header.getDataHash_asU8()).equals(blockDataHash(block.getData() ?? new common.BlockData()))) {
      throw new HashChainError(number, 'data hash does not match the block data');
    }
    const expectedPreviousHash = previous?.hash ?? options.previousHash ?? (number === 0 ? new Uint8Array() : undefined);
    if (previous && number !== previous.number + 1) {
      throw new HashChainError(number, `expected block number ${previous.number + 1}`);
    }
    if (expectedPreviousHash && !Buffer.from(header.getPreviousHash_asU8()).equals(expectedPreviousHash)) {
      throw new HashChainError(number, 'previous hash does not match the header hash of the block before it');
    }
    previous = { number, hash: blockHeaderHash(header) };
  }
}
