import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { AsnIntegerBigIntConverter, AsnProp, AsnPropTypes, AsnSerializer, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { expect } from 'chai';
import { FABRIC_BLOCK0_HEADER, FABRIC_BLOCK1 } from '../orderer/testing/fabric-vectors';
import {
  BLOCK_METADATA_SLOTS,
  HashChainError,
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  initBlockMetadata,
  newBlock,
  setBlockData,
  verifyHashChain,
} from './block';

/** Fabric's asn1Header, described with @peculiar/asn1-schema as an independent DER encoder. */
class ExpectedHeader {
  number = 0n;
  previousHash = new ArrayBuffer(0);
  dataHash = new ArrayBuffer(0);
}
// Decorators applied as calls so the schema works whatever decorator mode the test runner compiles with.
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })(ExpectedHeader.prototype, 'number');
AsnProp({ type: AsnPropTypes.OctetString })(ExpectedHeader.prototype, 'previousHash');
AsnProp({ type: AsnPropTypes.OctetString })(ExpectedHeader.prototype, 'dataHash');
AsnType({ type: AsnTypeTypes.Sequence })(ExpectedHeader);

function expectedDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  const header = new ExpectedHeader();
  header.number = number;
  header.previousHash = Uint8Array.from(previousHash).buffer;
  header.dataHash = Uint8Array.from(dataHash).buffer;
  return Buffer.from(AsnSerializer.serialize(header));
}

function header(number: number, previousHash: Uint8Array, dataHash: Uint8Array): common.BlockHeader {
  const value = new common.BlockHeader();
  value.setNumber(number);
  value.setPreviousHash(previousHash);
  value.setDataHash(dataHash);
  return value;
}

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const filled = (length: number, byte: number): Uint8Array => new Uint8Array(length).fill(byte);

function chain(length: number): common.Block[] {
  const blocks: common.Block[] = [];
  let previousHash: Uint8Array = new Uint8Array();
  for (let number = 0; number < length; number++) {
    const block = newBlock(number, previousHash);
    setBlockData(block, [Buffer.from(`tx-${number}-a`), Buffer.from(`tx-${number}-b`)]);
    previousHash = blockHeaderHash(block.getHeader() as common.BlockHeader);
    blocks.push(block);
  }
  return blocks;
}

describe('protoutil/block', () => {
  describe('blockHeaderBytes', () => {
    const numbers = [0, 1, 127, 128, 255, 256, 65535, 2 ** 40, Number.MAX_SAFE_INTEGER];
    for (const number of numbers) {
      it(`matches an independent DER encoding for block ${number}`, () => {
        const previousHash = filled(32, 0xab);
        const dataHash = filled(32, 0x01);
        expect(hex(blockHeaderBytes(header(number, previousHash, dataHash)))).to.equal(hex(expectedDer(BigInt(number), previousHash, dataHash)));
      });
    }

    it('encodes empty hashes and long-form lengths like DER', () => {
      expect(hex(blockHeaderBytes(header(0, new Uint8Array(), new Uint8Array())))).to.equal('300702010004000400');
      const big = filled(300, 7);
      expect(hex(blockHeaderBytes(header(5, big, filled(200, 9))))).to.equal(hex(expectedDer(5n, big, filled(200, 9))));
    });

    it('hashes block 0 of a real Fabric ledger to the previous_hash Fabric stored in block 1', () => {
      const genesisHeader = header(FABRIC_BLOCK0_HEADER.number, Buffer.from(FABRIC_BLOCK0_HEADER.previousHashHex, 'hex'), Buffer.from(FABRIC_BLOCK0_HEADER.dataHashHex, 'hex'));
      expect(hex(blockHeaderHash(genesisHeader))).to.equal(FABRIC_BLOCK0_HEADER.headerHashHex);
    });

    it('hashes block 1 of a real Fabric ledger to the previous_hash Fabric stored in block 2', () => {
      const block = common.Block.deserializeBinary(Buffer.from(FABRIC_BLOCK1.base64, 'base64'));
      const blockHeader = block.getHeader() as common.BlockHeader;
      expect(hex(blockHeader.getPreviousHash_asU8())).to.equal(FABRIC_BLOCK0_HEADER.headerHashHex);
      expect(hex(blockHeaderHash(blockHeader))).to.equal(FABRIC_BLOCK1.headerHashHex);
    });
  });

  describe('blockDataHash', () => {
    it('is SHA-256 over the concatenated entries', () => {
      const entries = [Buffer.from('first'), Buffer.from('second'), Buffer.from('')];
      expect(hex(blockDataHash(entries))).to.equal(hex(sha256(Buffer.from('firstsecond'))));
    });

    it('is SHA-256 of nothing for an empty block', () => {
      expect(hex(blockDataHash(new common.BlockData()))).to.equal(hex(sha256(new Uint8Array())));
    });

    it('matches the data hash Fabric stored for a real block', () => {
      const block = common.Block.deserializeBinary(Buffer.from(FABRIC_BLOCK1.base64, 'base64'));
      expect(hex(blockDataHash(block.getData() as common.BlockData))).to.equal(hex((block.getHeader() as common.BlockHeader).getDataHash_asU8()));
    });
  });

  describe('newBlock / setBlockData / initBlockMetadata', () => {
    it('creates a block with every metadata slot empty and no data', () => {
      const block = newBlock(7, filled(32, 3));
      expect(block.getHeader()?.getNumber()).to.equal(7);
      expect(hex(block.getHeader()?.getPreviousHash_asU8() ?? new Uint8Array())).to.equal(hex(filled(32, 3)));
      expect(block.getHeader()?.getDataHash_asU8()).to.have.length(0);
      expect(block.getData()?.getDataList()).to.deep.equal([]);
      expect(BLOCK_METADATA_SLOTS).to.equal(5);
      expect(block.getMetadata()?.getMetadataList_asU8().map((slot) => slot.length)).to.deep.equal([0, 0, 0, 0, 0]);
      const decoded = common.Block.deserializeBinary(block.serializeBinary());
      expect(decoded.getMetadata()?.getMetadataList()).to.have.length(5);
    });

    it('sets the data hash along with the data', () => {
      const block = newBlock(1, filled(32, 0));
      setBlockData(block, [Buffer.from('a'), Buffer.from('b')]);
      expect(block.getData()?.getDataList_asU8().map((entry) => Buffer.from(entry).toString())).to.deep.equal(['a', 'b']);
      expect(hex(block.getHeader()?.getDataHash_asU8() ?? new Uint8Array())).to.equal(hex(sha256(Buffer.from('ab'))));
    });

    it('pads short metadata without overwriting the slots already set', () => {
      const block = new common.Block();
      const metadata = new common.BlockMetadata();
      metadata.setMetadataList([Buffer.from('sig'), Buffer.from('last')]);
      block.setMetadata(metadata);
      initBlockMetadata(block);
      expect(block.getMetadata()?.getMetadataList_asU8().map((slot) => Buffer.from(slot).toString())).to.deep.equal(['sig', 'last', '', '', '']);
    });

    it('rejects invalid block numbers', () => {
      expect(() => newBlock(-1, new Uint8Array())).to.throw(RangeError);
      expect(() => newBlock(1.5, new Uint8Array())).to.throw(RangeError);
    });
  });

  describe('verifyHashChain', () => {
    it('accepts a correctly chained sequence from block 0', () => {
      expect(() => verifyHashChain(chain(4))).to.not.throw();
    });

    it('rejects a block whose data was changed after hashing', () => {
      const blocks = chain(3);
      (blocks[1]?.getData() as common.BlockData).setDataList([Buffer.from('tampered')]);
      expect(() => verifyHashChain(blocks)).to.throw(HashChainError, 'block 1: data hash');
    });

    it('rejects a block whose header no longer matches the next previous_hash', () => {
      const blocks = chain(3);
      const tampered = blocks[1] as common.Block;
      setBlockData(tampered, [Buffer.from('replacement')]);
      expect(() => verifyHashChain(blocks)).to.throw(HashChainError, 'block 2: previous hash');
    });

    it('rejects gaps in block numbers', () => {
      const blocks = chain(4);
      expect(() => verifyHashChain([blocks[0], blocks[2]] as common.Block[])).to.throw(HashChainError, 'expected block number 1');
    });

    it('checks a chain that starts later against the given previous hash', () => {
      const blocks = chain(5);
      const tail = blocks.slice(3);
      const previousHash = blockHeaderHash(blocks[2]?.getHeader() as common.BlockHeader);
      expect(() => verifyHashChain(tail, { previousHash })).to.not.throw();
      expect(() => verifyHashChain(tail, { previousHash: filled(32, 0) })).to.throw(HashChainError, 'block 3');
    });

    it('rejects a genesis block that claims a previous hash', () => {
      const genesis = newBlock(0, filled(32, 1));
      setBlockData(genesis, [Buffer.from('config')]);
      expect(() => verifyHashChain([genesis])).to.throw(HashChainError, 'block 0');
    });
  });
});
