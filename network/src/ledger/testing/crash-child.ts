/**
 * Child process for the kill -9 test: commits deterministic blocks to a ledger in a loop and reports each
 * completed commit on stdout ("committed <blockNum>"), until killed.
 * Usage: crash-child <rootDir>
 */
import { peer } from '@hyperledger/fabric-protos';
import { KvLedger } from '../kvledger';
import { blockOf, buildEndorserTx, type BuiltTx } from './fixtures';

export const CRASH_TXS_PER_BLOCK = 20;

/** Transaction i of block b: public writes, some private writes, every fifth one invalid. */
export function crashBlockTxs(blockNum: number): { txs: BuiltTx[]; codes: number[] } {
  const txs: BuiltTx[] = [];
  const codes: number[] = [];
  for (let i = 0; i < CRASH_TXS_PER_BLOCK; i += 1) {
    txs.push(
      buildEndorserTx({
        writes: [
          { key: `k${(blockNum * 7 + i) % 23}`, value: `v${blockNum}.${i}` },
          ...(i % 6 === 5 ? [{ key: `k${(blockNum + i) % 23}` }] : []),
        ],
        collections: i % 3 === 0 ? [{ collection: 'oemPrivate', writes: [{ key: `p${(blockNum + i) % 5}`, value: `s${blockNum}.${i}` }] }] : [],
      }),
    );
    codes.push(i % 5 === 4 ? peer.TxValidationCode.MVCC_READ_CONFLICT : peer.TxValidationCode.VALID);
  }
  return { txs, codes };
}

async function main(): Promise<void> {
  const rootDir = process.argv[2];
  if (!rootDir) throw new Error('usage: crash-child <rootDir>');
  const kvLedger = await KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ['OemMSP'] });
  for (;;) {
    const blockNum = kvLedger.height;
    const { txs, codes } = crashBlockTxs(blockNum);
    const { block, committed } = blockOf(blockNum, txs, { codes, pvtOrgs: ['OemMSP'] });
    await kvLedger.commit(block, committed);
    process.stdout.write(`committed ${blockNum}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
