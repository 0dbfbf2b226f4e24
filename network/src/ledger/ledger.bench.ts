/**
 * Micro-benchmark of ledger commits (not a test): commits `blocks` blocks of `txsPerBlock` endorser
 * transactions (one read and one write each, every tenth with a private write, every twentieth invalid)
 * and returns committed transactions per second, counting only the time spent in `commit`.
 * Run: node --require tsx/cjs network/src/ledger/ledger.bench.ts [blocks] [txsPerBlock]
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { peer } from '@hyperledger/fabric-protos';
import { KvLedger } from './kvledger';
import { blockOf, buildEndorserTx, type BuiltTx } from './testing/fixtures';

export interface LedgerBenchResult {
  readonly blocks: number;
  readonly txsPerBlock: number;
  readonly commitSeconds: number;
  readonly txPerSecond: number;
}

export async function benchLedgerCommit(blocks = 200, txsPerBlock = 500): Promise<LedgerBenchResult> {
  const rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ledger-bench-'));
  const kvLedger = await KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ['OemMSP', 'MobilityMSP', 'AuditMSP'] });
  const value = 'x'.repeat(200);
  let commitNanos = 0n;
  try {
    for (let blockNum = 0; blockNum < blocks; blockNum += 1) {
      const txs: BuiltTx[] = [];
      const codes: number[] = [];
      for (let i = 0; i < txsPerBlock; i += 1) {
        const key = `asset${(blockNum * txsPerBlock + i) % 20_000}`;
        txs.push(
          buildEndorserTx({
            reads: [{ key, version: { blockNum: Math.max(0, blockNum - 1), txNum: i } }],
            writes: [{ key, value: `${value}${blockNum}` }],
            collections: i % 10 === 0 ? [{ collection: 'oemPrivate', writes: [{ key: `secret${i}`, value }] }] : [],
          }),
        );
        codes.push(i % 20 === 19 ? peer.TxValidationCode.MVCC_READ_CONFLICT : peer.TxValidationCode.VALID);
      }
      const { block, committed } = blockOf(blockNum, txs, { codes, pvtOrgs: ['OemMSP'] });
      const start = process.hrtime.bigint();
      await kvLedger.commit(block, committed);
      commitNanos += process.hrtime.bigint() - start;
    }
  } finally {
    await kvLedger.close();
    await fs.rm(rootDir, { recursive: true, force: true });
  }
  const commitSeconds = Number(commitNanos) / 1e9;
  return { blocks, txsPerBlock, commitSeconds, txPerSecond: (blocks * txsPerBlock) / commitSeconds };
}

if (require.main === module) {
  const [blocks, txsPerBlock] = process.argv.slice(2).map(Number);
  benchLedgerCommit(blocks || undefined, txsPerBlock || undefined)
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
