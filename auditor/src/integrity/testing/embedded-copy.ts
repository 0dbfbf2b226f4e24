/**
 * An embedded-network ledger (block files, index and state database written by the network's own
 * KvLedger) holding the blocks of a real Fabric sample, in a temporary directory: the layout
 * `scan --data-dir` reads, with a world state to compare.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { committedTxsFromBlock } from '@mobility-ledger/network/dist/ledger/committed-tx';
import { KvLedger } from '@mobility-ledger/network/dist/ledger/kvledger';

export async function embeddedLedgerOf(blocks: readonly common.Block[], channel: string): Promise<string> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'auditor-scan-'));
  const ledger = await KvLedger.open({ rootDir: path.join(dataDir, 'ledgersData'), channelId: channel });
  try {
    for (const block of blocks) {
      const copy = common.Block.deserializeBinary(block.serializeBinary());
      await ledger.commit(copy, committedTxsFromBlock(copy));
    }
  } finally {
    await ledger.close();
  }
  return dataDir;
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}
