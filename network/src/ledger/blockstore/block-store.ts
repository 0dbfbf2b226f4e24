/**
 * Append-only block storage of one channel, modelled on Fabric's blkstorage: block files under
 * `<rootDir>/chains/<channel>/` plus a classic-level index (block number -> file location,
 * txID -> (block, tx, validation code)).
 *
 * Durability: `append` resolves only after the block file is fdatasync'd. The index is written afterwards
 * without sync; on open, blocks present in the files but missing from the index are re-indexed by scanning
 * from the index checkpoint, and a torn last record (crash mid-append) is truncated away.
 */
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { ClassicLevel } from 'classic-level';
import { parseEnvelope } from '../../protoutil/transaction';
import { BlockNotFoundError, BlockSequenceError, LedgerClosedError, LedgerCorruptionError } from '../errors';
import { SerialQueue } from '../serial-queue';
import { getTransactionsFilter, setTransactionsFilter } from '../transactions-filter';
import {
  blockFilePath,
  encodeRecord,
  listBlockFiles,
  readBlockBytes,
  scanBlockFile,
  syncDirectory,
  type ScannedRecord,
} from './block-file';
import {
  allTxIdsRange,
  blockIndexOps,
  blockKey,
  CHECKPOINT_KEY,
  decodeBlockLocation,
  decodeCheckpoint,
  decodeTxEntry,
  EMPTY_CHECKPOINT,
  txIdOfEntryKey,
  txIdRange,
  type BlockLocation,
  type IndexCheckpoint,
  type TxLocation,
} from './block-index';
import { iterateBlocks, type BlockSource, type IterateOptions } from './block-iterator';
import { TxIdFilter } from './txid-filter';

export type { TxLocation } from './block-index';

export interface BlockStoreOptions {
  /** Ledger root; blocks go to `<rootDir>/chains/<channelId>/`. */
  readonly rootDir: string;
  readonly channelId: string;
  /** Roll over to a new block file beyond this size (Fabric's default is 64 MiB). */
  readonly maxFileSize?: number;
}

export const NEW_BLOCK_EVENT = 'newBlock';
const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

type IndexDb = ClassicLevel<Buffer, Buffer>;

export class BlockStore {
  /** Emits NEW_BLOCK_EVENT (blockNum) after each durable append, and 'close'. */
  readonly events = new EventEmitter();
  private readonly writeQueue = new SerialQueue();
  private readonly readHandles = new Map<number, Promise<fs.FileHandle>>();
  private isClosed = false;

  private constructor(
    readonly chainDir: string,
    private readonly index: IndexDb,
    private readonly maxFileSize: number,
    private writer: fs.FileHandle,
    private checkpoint: IndexCheckpoint,
    /** The indexed txIDs, in memory: most lookups are of new txIDs and need no index read. */
    private readonly txIds: TxIdFilter,
  ) {
    this.events.setMaxListeners(0);
  }

  static async open(options: BlockStoreOptions): Promise<BlockStore> {
    const chainDir = path.join(options.rootDir, 'chains', options.channelId);
    await fs.mkdir(chainDir, { recursive: true });
    const index: IndexDb = new ClassicLevel(path.join(chainDir, 'index'), {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
    });
    await index.open();
    try {
      const checkpoint = await syncIndexWithFiles(chainDir, index);
      const txIds = new TxIdFilter();
      for await (const key of index.keys(allTxIdsRange())) txIds.add(txIdOfEntryKey(key));
      const writer = await openForWrite(chainDir, checkpoint.fileNum);
      return new BlockStore(chainDir, index, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, writer, checkpoint, txIds);
    } catch (error) {
      await index.close();
      throw error;
    }
  }

  /** Number of blocks stored (the next block number). */
  get height(): number {
    return this.checkpoint.height;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Appends the next block durably. Sets its TRANSACTIONS_FILTER metadata to `validationCodes` (in place,
   * as Fabric's committer does). `txIds` may be passed when the caller already parsed the envelopes.
   */
  append(block: common.Block, validationCodes: readonly number[], txIds?: readonly string[]): Promise<void> {
    return this.writeQueue.run(async () => {
      this.assertOpen();
      const blockNum = block.getHeader()?.getNumber();
      if (blockNum !== this.checkpoint.height) {
        throw new BlockSequenceError(`expected block ${this.checkpoint.height}, got ${String(blockNum)}`);
      }
      const envelopes = block.getData()?.getDataList_asU8() ?? [];
      if (validationCodes.length !== envelopes.length) {
        throw new BlockSequenceError(
          `block ${blockNum} has ${envelopes.length} transactions but ${validationCodes.length} validation codes`,
        );
      }
      setTransactionsFilter(block, validationCodes);
      const blockBytes = block.serializeBinary();
      const record = encodeRecord(blockBytes);
      await this.rollOverIfFull(record.length);
      const recordStart = this.checkpoint.nextOffset;
      try {
        await this.writer.write(record, 0, record.length, recordStart);
        await this.writer.datasync();
      } catch (error) {
        // Leave no partial record behind for the next append to build on.
        await this.writer.truncate(recordStart).catch(() => undefined);
        throw error;
      }
      const location: BlockLocation = {
        fileNum: this.checkpoint.fileNum,
        offset: recordStart + record.length - blockBytes.length,
        length: blockBytes.length,
      };
      const next: IndexCheckpoint = {
        height: blockNum + 1,
        fileNum: this.checkpoint.fileNum,
        nextOffset: recordStart + record.length,
      };
      const ids = txIds ?? envelopes.map(txIdOf);
      await this.index.batch(blockIndexOps(blockNum, location, ids, validationCodes, next));
      ids.forEach((txId, txNum) => {
        if (txId !== '') this.txIds.add(txId, { blockNum, txNum, validationCode: validationCodes[txNum] ?? 0 });
      });
      this.checkpoint = next;
      this.events.emit(NEW_BLOCK_EVENT, blockNum);
    });
  }

  async getBlockByNumber(blockNum: number): Promise<common.Block> {
    return common.Block.deserializeBinary(await this.getBlockBytes(blockNum));
  }

  /** The stored serialization of a block (what Deliver sends). */
  async getBlockBytes(blockNum: number): Promise<Buffer> {
    this.assertOpen();
    if (!Number.isSafeInteger(blockNum) || blockNum < 0 || blockNum >= this.checkpoint.height) {
      throw new BlockNotFoundError(blockNum);
    }
    const value = await this.index.get(blockKey(blockNum));
    if (!value) throw new LedgerCorruptionError(`block ${blockNum} is missing from the block index`);
    const location = decodeBlockLocation(value);
    return readBlockBytes(await this.readHandle(location.fileNum), location.offset, location.length);
  }

  /** The first occurrence of a txID (a duplicate, marked DUPLICATE_TXID, may follow in a later block). */
  async getTxLocation(txId: string): Promise<TxLocation | undefined> {
    this.assertOpen();
    if (txId === '') return undefined;
    const recent = this.txIds.recentLocation(txId);
    if (recent) return recent;
    if (!this.txIds.mightContain(txId)) return undefined;
    for await (const [key, value] of this.index.iterator({ ...txIdRange(txId), limit: 1 })) {
      return decodeTxEntry(txId, key, value);
    }
    return undefined;
  }

  async txIdExists(txId: string): Promise<boolean> {
    return (await this.getTxLocation(txId)) !== undefined;
  }

  async getBlockByTxId(txId: string): Promise<common.Block | undefined> {
    const location = await this.getTxLocation(txId);
    return location ? this.getBlockByNumber(location.blockNum) : undefined;
  }

  /** The envelope bytes of a transaction by its position. */
  async getTxEnvelope(blockNum: number, txNum: number): Promise<Uint8Array> {
    const envelope = (await this.getBlockByNumber(blockNum)).getData()?.getDataList_asU8()[txNum];
    if (!envelope) throw new LedgerCorruptionError(`block ${blockNum} has no transaction ${txNum}`);
    return envelope;
  }

  /** Blocks from `startNum` on; with follow (default) waits for future blocks until aborted or closed. */
  blocks(startNum: number, options: IterateOptions = {}): AsyncGenerator<common.Block, void, undefined> {
    const source: BlockSource<common.Block> = {
      height: () => this.height,
      isClosed: () => this.isClosed,
      read: (blockNum) => this.getBlockByNumber(blockNum),
      events: this.events,
      heightEvent: NEW_BLOCK_EVENT,
    };
    return iterateBlocks(source, startNum, options);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    await this.writeQueue.drain();
    this.isClosed = true;
    this.events.emit('close');
    await this.writer.close();
    for (const handle of this.readHandles.values()) await (await handle).close();
    this.readHandles.clear();
    await this.index.close();
  }

  private async rollOverIfFull(recordLength: number): Promise<void> {
    if (this.checkpoint.nextOffset === 0 || this.checkpoint.nextOffset + recordLength <= this.maxFileSize) return;
    const fileNum = this.checkpoint.fileNum + 1;
    await this.writer.close();
    this.writer = await openForWrite(this.chainDir, fileNum);
    this.checkpoint = { height: this.checkpoint.height, fileNum, nextOffset: 0 };
  }

  private readHandle(fileNum: number): Promise<fs.FileHandle> {
    let handle = this.readHandles.get(fileNum);
    if (!handle) {
      handle = fs.open(blockFilePath(this.chainDir, fileNum), 'r');
      this.readHandles.set(fileNum, handle);
    }
    return handle;
  }

  private assertOpen(): void {
    if (this.isClosed) throw new LedgerClosedError();
  }
}

function txIdOf(envelopeBytes: Uint8Array): string {
  try {
    return parseEnvelope(envelopeBytes).channelHeader.txId;
  } catch {
    return ''; // a malformed envelope has no usable txID (and was committed as invalid); it is not indexed
  }
}

/** Opens (creating if needed, with a synced directory entry) a block file for positional writes. */
async function openForWrite(chainDir: string, fileNum: number): Promise<fs.FileHandle> {
  const filePath = blockFilePath(chainDir, fileNum);
  const created = await fs
    .open(filePath, 'wx')
    .then(async (handle) => {
      await handle.close();
      return true;
    })
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw error;
    });
  if (created) await syncDirectory(chainDir);
  return fs.open(filePath, 'r+');
}

/**
 * Brings the index up to date with the block files: indexes complete records after the checkpoint and
 * truncates a torn tail of the last file. An index that claims more than the files hold is rebuilt.
 */
async function syncIndexWithFiles(chainDir: string, index: IndexDb): Promise<IndexCheckpoint> {
  const files = await listBlockFiles(chainDir);
  let checkpoint = decodeCheckpoint(await index.get(CHECKPOINT_KEY));
  if (!(await checkpointFitsFiles(chainDir, files, checkpoint))) {
    await index.clear();
    checkpoint = EMPTY_CHECKPOINT;
  }
  const lastFile = files.at(-1);
  if (lastFile === undefined) return checkpoint;
  for (let fileNum = checkpoint.fileNum; fileNum <= lastFile; fileNum += 1) {
    if (!files.includes(fileNum)) throw new LedgerCorruptionError(`block file ${fileNum} is missing`);
    const filePath = blockFilePath(chainDir, fileNum);
    const startOffset = fileNum === checkpoint.fileNum ? checkpoint.nextOffset : 0;
    const scan = await scanBlockFile(filePath, startOffset, checkpoint.height);
    if (scan.torn) {
      if (fileNum !== lastFile) {
        throw new LedgerCorruptionError(`block file ${fileNum} is damaged at offset ${scan.validEnd}`);
      }
      await truncateDurably(filePath, scan.validEnd);
    }
    checkpoint = await indexScannedRecords(index, fileNum, scan.records, checkpoint, scan.validEnd);
  }
  return checkpoint;
}

async function checkpointFitsFiles(chainDir: string, files: number[], checkpoint: IndexCheckpoint): Promise<boolean> {
  if (checkpoint.height === 0 && checkpoint.nextOffset === 0) return true;
  if (!files.includes(checkpoint.fileNum)) return false;
  const { size } = await fs.stat(blockFilePath(chainDir, checkpoint.fileNum));
  return size >= checkpoint.nextOffset;
}

async function indexScannedRecords(
  index: IndexDb,
  fileNum: number,
  records: readonly ScannedRecord[],
  checkpoint: IndexCheckpoint,
  validEnd: number,
): Promise<IndexCheckpoint> {
  let current: IndexCheckpoint = fileNum === checkpoint.fileNum ? checkpoint : { ...checkpoint, fileNum, nextOffset: 0 };
  for (const record of records) {
    const envelopes = record.block.getData()?.getDataList_asU8() ?? [];
    current = { height: record.blockNum + 1, fileNum, nextOffset: record.offset + record.length };
    await index.batch(
      blockIndexOps(
        record.blockNum,
        { fileNum, offset: record.offset, length: record.length },
        envelopes.map(txIdOf),
        Array.from(getTransactionsFilter(record.block)),
        current,
      ),
    );
  }
  if (current.nextOffset !== validEnd) throw new LedgerCorruptionError('block file scan ended inside a record');
  return current;
}

async function truncateDurably(filePath: string, length: number): Promise<void> {
  const handle = await fs.open(filePath, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
