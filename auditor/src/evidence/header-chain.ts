/**
 * A run of consecutive block headers: each previous_hash must be the header hash of the block before
 * it, and the trusted checkpoint must be one of them with the trusted hash. Every block the chain
 * covers is then as trustworthy as the checkpoint, in both directions (headers after it hash back to
 * it, headers before it are fixed by the hashes it and its successors carry).
 */
import { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from '@mobility-ledger/network/dist/protoutil/block';
import { decodeBase64 } from './bundle-format';
import type { TrustAnchor } from './trust-anchor';
import { reject } from './verification-error';

export class HeaderChain {
  private constructor(
    readonly first: number,
    private readonly headers: readonly common.BlockHeader[],
    private readonly hashes: readonly Buffer[],
  ) {}

  get last(): number {
    return this.first + this.headers.length - 1;
  }

  static decode(first: number, encoded: readonly string[]): HeaderChain {
    const headers = encoded.map((text, index) => {
      const bytes = decodeBase64(text, `header of block ${first + index}`);
      try {
        return common.BlockHeader.deserializeBinary(bytes);
      } catch (error) {
        return reject('HEADER_CHAIN', `header does not decode: ${(error as Error).message}`, first + index);
      }
    });
    headers.forEach((header, index) => {
      if (header.getNumber() !== first + index) reject('HEADER_CHAIN', `header says it is block ${header.getNumber()}`, first + index);
    });
    const hashes = headers.map((header) => Buffer.from(blockHeaderHash(header)));
    for (let index = 1; index < headers.length; index += 1) {
      const previous = headers[index]?.getPreviousHash_asU8() ?? new Uint8Array();
      if (!(hashes[index - 1] as Buffer).equals(previous)) {
        reject('HEADER_CHAIN', `previous_hash does not match the header hash of block ${first + index - 1}`, first + index);
      }
    }
    return new HeaderChain(first, headers, hashes);
  }

  covers(blockNumber: number): boolean {
    return blockNumber >= this.first && blockNumber <= this.last;
  }

  header(blockNumber: number): common.BlockHeader {
    const header = this.headers[blockNumber - this.first];
    if (!header) return reject('HEADER_CHAIN', `the header chain (blocks ${this.first}-${this.last}) does not reach this block`, blockNumber);
    return header;
  }

  hash(blockNumber: number): Buffer {
    this.header(blockNumber);
    return this.hashes[blockNumber - this.first] as Buffer;
  }

  /** The anchor as a concrete checkpoint, after checking the chain reaches it with the trusted hash. */
  anchor(trust: TrustAnchor): { blockNumber: number; headerHash: Buffer } {
    if (trust.type === 'genesis') {
      if (this.first !== 0) reject('CHECKPOINT', `trusting genesis needs the header chain to start at block 0, it starts at ${this.first}`);
      if (this.header(0).getPreviousHash_asU8().length !== 0) reject('CHECKPOINT', 'block 0 has a previous hash: it is not a genesis block', 0);
      return { blockNumber: 0, headerHash: this.hash(0) };
    }
    if (!this.covers(trust.blockNumber)) {
      reject('CHECKPOINT', `the header chain (blocks ${this.first}-${this.last}) does not reach the trusted block ${trust.blockNumber}`);
    }
    if (!this.hash(trust.blockNumber).equals(trust.headerHash)) {
      reject('CHECKPOINT', `header hash ${this.hash(trust.blockNumber).toString('hex')} is not the trusted ${trust.headerHash.toString('hex')}`, trust.blockNumber);
    }
    return { blockNumber: trust.blockNumber, headerHash: trust.headerHash };
  }
}
