import { expect } from 'chai';
import type { common } from '@hyperledger/fabric-protos';
import { loadFabricSample } from '../integrity/testing/fabric-samples';
import { trailFromHistory } from './build-trail';
import { txIdOfEnvelope } from './envelope-ids';
import { formatTrail } from './format-trail';
import type { KeyHistory } from './key-history';
import { MemoryBlockSource } from './memory-block-source';
import { summarizeTransaction } from './transaction-summary';

const txIdAt = (blocks: readonly common.Block[], blockNumber: number): string => txIdOfEnvelope(blocks[blockNumber]?.getData()?.getDataList_asU8()[0] ?? new Uint8Array()) ?? '';

/** Device 0x6300…: registered in block 17, suspended in block 18 (tx 0; the revocation beside it lost the MVCC race). */
const DEVICE = '0x6300A15bf7D4d286b1638e7A7d8AEC9B5F4A0fb9';
const DEVICE_KEY = `\u0000device\u0000${DEVICE}\u0000`;

describe('trails over real Fabric blocks (mobility-fabric-2.5)', () => {
  let blocks: common.Block[];

  before(async () => {
    blocks = await loadFabricSample();
  });

  function history(entries: readonly { blockNumber: number; key?: string }[]): KeyHistory {
    return {
      kind: 'device',
      id: DEVICE,
      truncated: false,
      keys: [
        {
          key: DEVICE_KEY,
          display: `device/${DEVICE}`,
          role: 'record',
          // Deliberately newest first: the trail orders by ledger position, not by history order.
          modifications: [...entries].reverse().map(({ blockNumber }) => ({ txId: txIdAt(blocks, blockNumber), timestampMs: 0, isDelete: false, valueBase64: '' })),
        },
      ],
    };
  }

  it('summarizes a transaction: position, time, submitter, function, endorsers, writes, validation', () => {
    const summary = summarizeTransaction(blocks[18]?.getData()?.getDataList_asU8()[0] ?? new Uint8Array(), 18, 0, 0);
    expect(summary).to.include({ blockNumber: 18, txNumber: 0, headerType: 'endorser', chaincode: 'mobility', validation: 'VALID', txId: txIdAt(blocks, 18) });
    expect(summary.timestamp).to.match(/^2026-11-23T11:39:08/);
    expect(summary.submitter).to.deep.equal({ mspId: 'OemMSP', commonName: 'User1@oem.mobility.example' });
    expect(summary.endorsers).to.deep.equal([
      { mspId: 'OemMSP', commonName: 'peer0.oem.mobility.example' },
      { mspId: 'AuditMSP', commonName: 'peer0.audit.mobility.example' },
    ]);
    expect(summary.function).to.equal('devices:Suspend');
    expect(summary.writes).to.deep.equal([{ namespace: 'mobility', key: DEVICE_KEY, display: `device/${DEVICE}`, isDelete: false }]);
    expect(summary.devices).to.deep.equal([]);
    expect(summarizeTransaction(blocks[18]?.getData()?.getDataList_asU8()[1] ?? new Uint8Array(), 18, 1, 11).validation).to.equal('MVCC_READ_CONFLICT');
    expect(summarizeTransaction(blocks[0]?.getData()?.getDataList_asU8()[0] ?? new Uint8Array(), 0, 0, 0).headerType).to.equal('config');
  });

  it('lists every transaction of the history in ledger order and confirms each against its block', async () => {
    const trail = await trailFromHistory(history([{ blockNumber: 17 }, { blockNumber: 18 }]), new MemoryBlockSource(blocks, 'mobility-fabric-2.5'), 'device');
    expect(trail.transactions.map((entry) => `${entry.blockNumber}:${entry.txNumber}`)).to.deep.equal(['17:0', '18:0']);
    expect(trail.transactions.every((entry) => entry.historyMatchesBlock && entry.validation === 'VALID')).to.equal(true);
    expect(trail.transactions[0]?.touched).to.deep.equal([{ key: DEVICE_KEY, display: `device/${DEVICE}`, role: 'record', isDelete: false }]);
    expect(trail.transactions[0]?.args, 'arguments only on request').to.deep.equal([]);
    const table = formatTrail(trail);
    expect(table.split('\n')[0]).to.equal(`Trail of device ${DEVICE}: 2 transaction(s) over 1 key(s), blocks from mobility-fabric-2.5`);
    expect(table).to.match(/\n2\s+18:0\s+2026-11-23T/);
  });

  it('flags a history entry whose transaction did not write the key', async () => {
    const trail = await trailFromHistory(history([{ blockNumber: 19 }]), new MemoryBlockSource(blocks), 'device', true);
    expect(trail.transactions[0]?.historyMatchesBlock, 'block 19 registered another device').to.equal(false);
    expect(trail.transactions[0]?.args.length).to.be.greaterThan(0);
    expect(formatTrail(trail)).to.contain('VALID (history/block mismatch)');
  });
});
