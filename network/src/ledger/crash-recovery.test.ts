import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as fsSync from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { isKvWriteDelete } from '../protoutil/transaction';
import { committedTxsFromBlock } from './committed-tx';
import { KvLedger } from './kvledger';
import { CRASH_TXS_PER_BLOCK } from './testing/crash-child';

const NS = 'mobility';

/**
 * Starts the committing child and SIGKILLs it `delayMs` after it has reported `commits` commits, which lands
 * the kill at varying points of the next commit; returns the last commit reported.
 */
async function commitThenKill(rootDir: string, commits: number, delayMs: number): Promise<number> {
  const extension = path.extname(__filename);
  const child = spawn(
    process.execPath,
    [...(extension === '.ts' ? ['--require', 'tsx/cjs'] : []), path.join(__dirname, 'testing', `crash-child${extension}`), rootDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let lastCommitted = -1;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/committed (\d+)/g)) lastCommitted = Number(match[1]);
      if (lastCommitted >= commits - 1 && child.exitCode === null) {
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
  return lastCommitted;
}

describe('ledger crash recovery (kill -9)', function () {
  this.timeout(60_000);
  let rootDir: string;

  beforeEach(() => {
    rootDir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'kvledger-crash-'));
  });
  afterEach(async () => {
    await fs.rm(rootDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged block, and state equals a replay of the valid transactions', async () => {
    let lastAcknowledged = -1;
    for (const delayMs of [0, 9, 18]) lastAcknowledged = await commitThenKill(rootDir, lastAcknowledged + 4, delayMs);

    const kvLedger = await KvLedger.open({ rootDir, channelId: 'mobility', pvtDataOrgs: ['OemMSP'] });
    try {
      expect(kvLedger.height).to.be.greaterThan(lastAcknowledged);
      expect(await kvLedger.stateDb.getSavepoint()).to.deep.equal({ blockNum: kvLedger.height - 1, txNum: CRASH_TXS_PER_BLOCK - 1 });

      const expected = new Map<string, string>();
      const expectedPrivate = new Map<string, string>();
      for (let blockNum = 0; blockNum < kvLedger.height; blockNum += 1) {
        for (const tx of committedTxsFromBlock(await kvLedger.getBlockByNumber(blockNum))) {
          if (tx.validationCode !== peer.TxValidationCode.VALID) continue;
          for (const write of tx.rwset?.nsRwSets[0]?.kvRwSet.writes ?? []) {
            if (isKvWriteDelete(write)) expected.delete(write.key);
            else expected.set(write.key, `${Buffer.from(write.value).toString()}@${blockNum}`);
          }
          // The child's private writes follow a formula (see crash-child.ts).
          if (tx.txNum % 3 === 0) expectedPrivate.set(`p${(blockNum + tx.txNum) % 5}`, `s${blockNum}.${tx.txNum}`);
        }
      }
      const actual = new Map<string, string>();
      for await (const entry of kvLedger.getStateRange(NS, '', '')) actual.set(entry.key, `${entry.value.toString()}@${entry.version.blockNum}`);
      expect(actual).to.deep.equal(expected);
      const actualPrivate = new Map<string, string>();
      for await (const entry of kvLedger.getPrivateDataRange('OemMSP', NS, 'oemPrivate', '', '')) actualPrivate.set(entry.key, entry.value.toString());
      expect(actualPrivate).to.deep.equal(expectedPrivate);
    } finally {
      await kvLedger.close();
    }
  });
});
