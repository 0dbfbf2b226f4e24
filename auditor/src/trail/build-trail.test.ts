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

describe('trails over real Fabric blocks (sample_prod)', () => {
  let blocks: common.Block[];

  before(async () => {
    blocks = await loadFabricSample('sample_prod');
  });

  function history(entries: readonly { blockNumber: number; key?: string }[]): KeyHistory {
    return {
      kind: 'ride',
      id: 'marble1',
      truncated: false,
      keys: [
        {
          key: 'marble1',
          display: 'marble1',
          role: 'record',
          // Deliberately newest first: the trail orders by ledger position, not by history order.
          modifications: [...entries].reverse().map(({ blockNumber }) => ({ txId: txIdAt(blocks, blockNumber), timestampMs: 0, isDelete: false, valueBase64: '' })),
        },
      ],
    };
  }

  it('summarizes a transaction: position, time, submitter, function, endorsers, writes, validation', () => {
    const summary = summarizeTransaction(blocks[5]?.getData()?.getDataList_asU8()[0] ?? new Uint8Array(), 5, 0, 0);
    expect(summary).to.include({ blockNumber: 5, txNumber: 0, headerType: 'endorser', chaincode: 'marbles', validation: 'VALID', txId: txIdAt(blocks, 5) });
    expect(summary.timestamp).to.match(/^2021-03-05T/);
    expect(summary.submitter).to.deep.equal({ mspId: 'SampleOrg', commonName: 'peer0.org1.example.com' });
    expect(summary.endorsers).to.deep.equal([{ mspId: 'SampleOrg', commonName: 'peer0.org1.example.com' }]);
    expect(summary.function).to.be.a('string').and.not.equal('');
    expect(summary.writes).to.deep.equal([{ namespace: 'marbles', key: 'marble1', display: 'marble1', isDelete: false }]);
    expect(summary.devices).to.deep.equal([]);
    expect(summarizeTransaction(blocks[0]?.getData()?.getDataList_asU8()[0] ?? new Uint8Array(), 0, 0, 0).headerType).to.equal('config');
  });

  it('lists every transaction of the history in ledger order and confirms each against its block', async () => {
    const trail = await trailFromHistory(history([{ blockNumber: 4 }, { blockNumber: 5 }, { blockNumber: 6 }]), new MemoryBlockSource(blocks, 'sample_prod'), 'ride');
    expect(trail.transactions.map((entry) => `${entry.blockNumber}:${entry.txNumber}`)).to.deep.equal(['4:0', '5:0', '6:0']);
    expect(trail.transactions.every((entry) => entry.historyMatchesBlock && entry.validation === 'VALID')).to.equal(true);
    expect(trail.transactions[0]?.touched).to.deep.equal([{ key: 'marble1', display: 'marble1', role: 'record', isDelete: false }]);
    expect(trail.transactions[0]?.args, 'arguments only on request').to.deep.equal([]);
    const table = formatTrail(trail);
    expect(table.split('\n')[0]).to.equal('Trail of ride marble1: 3 transaction(s) over 1 key(s), blocks from sample_prod');
    expect(table).to.match(/\n3\s+6:0\s+2021-03-05T/);
  });

  it('flags a history entry whose transaction did not write the key', async () => {
    const trail = await trailFromHistory(history([{ blockNumber: 7 }]), new MemoryBlockSource(blocks), 'ride', true);
    expect(trail.transactions[0]?.historyMatchesBlock, 'block 7 wrote marble2, not marble1').to.equal(false);
    expect(trail.transactions[0]?.args.length).to.be.greaterThan(0);
    expect(formatTrail(trail)).to.contain('VALID (history/block mismatch)');
  });
});
