import { promises as fs } from 'node:fs';
import * as fsSync from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { buildBlock, buildEndorserTx } from '../testing/fixtures';
import { BlockNotFoundError, BlockSequenceError } from '../errors';
import { getTransactionsFilter, setTransactionsFilter } from '../transactions-filter';
import { blockFilePath, encodeRecord, encodeVarint } from './block-file';
import { BlockStore } from './block-store';

const VALID = peer.TxValidationCode.VALID;
const MVCC = peer.TxValidationCode.MVCC_READ_CONFLICT;

function blockWithTxs(number: number, txCount: number): { block: ReturnType<typeof buildBlock>; txIds: string[] } {
  const txs = Array.from({ length: txCount }, (_, i) => buildEndorserTx({ writes: [{ key: `k${number}-${i}`, value: 'v' }] }));
  return { block: buildBlock(number, txs.map((tx) => tx.envelopeBytes)), txIds: txs.map((tx) => tx.txId) };
}

describe('ledger/blockstore', () => {
  let rootDir: string;
  const open = (maxFileSize?: number): Promise<BlockStore> =>
    BlockStore.open({ rootDir, channelId: 'mobility', ...(maxFileSize ? { maxFileSize } : {}) });
  const chainDir = (): string => path.join(rootDir, 'chains', 'mobility');

  beforeEach(() => {
    rootDir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'blockstore-'));
  });
  afterEach(async () => {
    await fs.rm(rootDir, { recursive: true, force: true });
  });

  it('appends, reopens and reads blocks and transaction locations', async () => {
    const store = await open();
    const b0 = blockWithTxs(0, 1);
    const b1 = blockWithTxs(1, 2);
    await store.append(b0.block, [VALID]);
    await store.append(b1.block, [VALID, MVCC]);
    await store.close();

    const reopened = await open();
    expect(reopened.height).to.equal(2);
    const read = await reopened.getBlockByNumber(1);
    expect(read.getHeader()?.getNumber()).to.equal(1);
    expect(Array.from(getTransactionsFilter(read))).to.deep.equal([VALID, MVCC]);
    expect(await reopened.getTxLocation(b1.txIds[1] ?? '')).to.deep.equal({ blockNum: 1, txNum: 1, validationCode: MVCC });
    expect((await reopened.getBlockByTxId(b0.txIds[0] ?? ''))?.getHeader()?.getNumber()).to.equal(0);
    expect(await reopened.txIdExists('nope')).to.equal(false);
    await expectRejection(reopened.getBlockByNumber(2), BlockNotFoundError);
    await reopened.close();
  });

  it('refuses blocks out of sequence and mismatched validation codes', async () => {
    const store = await open();
    await expectRejection(store.append(blockWithTxs(1, 1).block, [VALID]), BlockSequenceError);
    await expectRejection(store.append(blockWithTxs(0, 2).block, [VALID]), BlockSequenceError);
    expect(store.height).to.equal(0);
    await store.close();
  });

  it('truncates a torn last record and keeps appending after it', async () => {
    const store = await open();
    await store.append(blockWithTxs(0, 1).block, [VALID]);
    await store.append(blockWithTxs(1, 1).block, [VALID]);
    await store.close();
    const file = blockFilePath(chainDir(), 0);
    const goodSize = (await fs.stat(file)).size;
    // A crash mid-append: a length prefix promising 5000 bytes followed by only a few.
    const partial = encodeRecord(blockWithTxs(2, 3).block.serializeBinary()).subarray(0, 40);
    await fs.appendFile(file, partial);

    const reopened = await open();
    expect(reopened.height).to.equal(2);
    expect((await fs.stat(file)).size).to.equal(goodSize);
    await reopened.append(blockWithTxs(2, 1).block, [VALID]);
    expect((await reopened.getBlockByNumber(2)).getHeader()?.getNumber()).to.equal(2);
    await reopened.close();
  });

  it('truncates a zero-filled tail (lost page after a crash)', async () => {
    const store = await open();
    await store.append(blockWithTxs(0, 1).block, [VALID]);
    await store.close();
    const file = blockFilePath(chainDir(), 0);
    const goodSize = (await fs.stat(file)).size;
    await fs.appendFile(file, Buffer.concat([encodeVarint(3), Buffer.alloc(3)]));
    const reopened = await open();
    expect(reopened.height).to.equal(1);
    expect((await fs.stat(file)).size).to.equal(goodSize);
    await reopened.close();
  });

  it('re-indexes blocks that reached the file but not the index', async () => {
    const store = await open();
    await store.append(blockWithTxs(0, 1).block, [VALID]);
    await store.close();
    // The crash window after the file sync and before the index write: a complete record, no index entries.
    const lost = blockWithTxs(1, 2);
    setTransactionsFilter(lost.block, [VALID, VALID]);
    await fs.appendFile(blockFilePath(chainDir(), 0), encodeRecord(lost.block.serializeBinary()));

    const reopened = await open();
    expect(reopened.height).to.equal(2);
    expect(await reopened.getTxLocation(lost.txIds[1] ?? '')).to.deep.equal({ blockNum: 1, txNum: 1, validationCode: VALID });
    await reopened.close();
  });

  it('rebuilds a deleted index from the block files, across file roll-over', async () => {
    const store = await open(2000);
    const blocks = [0, 1, 2, 3].map((n) => blockWithTxs(n, 2));
    for (const { block } of blocks) await store.append(block, [VALID, VALID]);
    await store.close();
    expect(fsSync.existsSync(blockFilePath(chainDir(), 1))).to.equal(true);
    await fs.rm(path.join(chainDir(), 'index'), { recursive: true });

    const reopened = await open(2000);
    expect(reopened.height).to.equal(4);
    expect((await reopened.getTxLocation(blocks[3]?.txIds[0] ?? ''))?.blockNum).to.equal(3);
    expect((await reopened.getBlockByNumber(3)).getHeader()?.getNumber()).to.equal(3);
    await reopened.close();
  });

  it('iterates from a block number and waits for future blocks', async () => {
    const store = await open();
    await store.append(blockWithTxs(0, 1).block, [VALID]);
    await store.append(blockWithTxs(1, 1).block, [VALID]);
    const seen: number[] = [];
    const controller = new AbortController();
    const consumer = (async () => {
      for await (const block of store.blocks(1, { signal: controller.signal })) {
        seen.push(block.getHeader()?.getNumber() ?? -1);
        if (seen.length === 3) break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).to.deep.equal([1]);
    await store.append(blockWithTxs(2, 1).block, [VALID]);
    await store.append(blockWithTxs(3, 1).block, [VALID]);
    await consumer;
    expect(seen).to.deep.equal([1, 2, 3]);

    const waiting = (async () => {
      for await (const block of store.blocks(4, { signal: controller.signal })) void block;
    })();
    controller.abort(new Error('client went away'));
    await expectRejection(waiting, Error);
    const finite: number[] = [];
    for await (const block of store.blocks(2, { follow: false })) finite.push(block.getHeader()?.getNumber() ?? -1);
    expect(finite).to.deep.equal([2, 3]);
    await store.close();
  });
});

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return;
  }
  expect.fail('expected a rejection');
}
