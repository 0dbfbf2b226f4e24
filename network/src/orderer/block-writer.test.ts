import type { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { blockHeaderHash, newBlock, setBlockData, verifyHashChain } from '../protoutil/block';
import { blockSignatures } from './block-signature';
import { BlockWriter, tipAfter } from './block-writer';
import { createTestSigner } from './testing/p256-signer';

function genesis(): common.Block {
  const block = newBlock(0, new Uint8Array());
  setBlockData(block, [Buffer.from('config')]);
  return block;
}

const entries = (...names: string[]): Uint8Array[] => names.map((name) => Buffer.from(name));

describe('orderer/block-writer', () => {
  const signer = createTestSigner();

  it('chains signed blocks onto the genesis block', () => {
    const genesisBlock = genesis();
    const writer = new BlockWriter({ signer, tip: { height: 1, lastBlockHash: blockHeaderHash(genesisBlock.getHeader() as common.BlockHeader), lastConfigIndex: 0 } });
    const first = writer.writeBlock(entries('a', 'b'));
    const second = writer.writeBlock(entries('c'));

    expect(first.getHeader()?.getNumber()).to.equal(1);
    expect(second.getHeader()?.getNumber()).to.equal(2);
    expect(second.getData()?.getDataList_asU8().map((entry) => Buffer.from(entry).toString())).to.deep.equal(['c']);
    expect(() => verifyHashChain([genesisBlock, first, second])).to.not.throw();
    for (const block of [first, second]) {
      const [signature] = blockSignatures(block);
      expect(signature && signer.verify(signature.signedBytes, signature.signature)).to.equal(true);
    }
    expect(writer.tip.height).to.equal(3);
    expect(Buffer.from(writer.tip.lastBlockHash).equals(blockHeaderHash(second.getHeader() as common.BlockHeader))).to.equal(true);
  });

  it('resumes from the tip of a stored block as if it had never stopped', () => {
    const genesisBlock = genesis();
    const before = new BlockWriter({ signer, tip: tipAfter(genesisBlock) });
    const stored = [before.writeBlock(entries('a')), before.writeBlock(entries('b'))];

    const after = new BlockWriter({ signer, tip: tipAfter(stored[stored.length - 1] as common.Block) });
    const resumed = after.writeBlock(entries('c'));
    expect(resumed.getHeader()?.getNumber()).to.equal(3);
    expect(() => verifyHashChain([genesisBlock, ...stored, resumed])).to.not.throw();
  });

  it('refuses empty batches and an empty chain', () => {
    const writer = new BlockWriter({ signer, tip: tipAfter(genesis()) });
    expect(() => writer.writeBlock([])).to.throw(RangeError);
    expect(() => new BlockWriter({ signer, tip: { height: 0, lastBlockHash: new Uint8Array(), lastConfigIndex: 0 } })).to.throw(RangeError);
  });
});
