import { peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { LedgerMetrics } from './ledger-metrics';

describe('LedgerMetrics', () => {
  it("writes a committed block under Fabric's metric names and labels, invalid codes by name", async () => {
    const registry = new Registry();
    const metrics = new LedgerMetrics(registry, 'mobility');
    metrics.blockCommitted({
      blockNumber: 6,
      stats: [
        { transactionType: 'ENDORSER_TRANSACTION', chaincode: 'mobility:1.0', validationCode: peer.TxValidationCode.VALID },
        { transactionType: 'ENDORSER_TRANSACTION', chaincode: 'mobility:1.0', validationCode: peer.TxValidationCode.VALID },
        { transactionType: 'ENDORSER_TRANSACTION', chaincode: 'mobility:1.0', validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT },
        { transactionType: 'unknown', chaincode: 'unknown', validationCode: peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE },
      ],
      validationSeconds: 0.012,
      timings: { blockAndPvtdataSeconds: 0.004, statedbSeconds: 0.02 },
      totalSeconds: 0.04,
    });
    const lines = (await registry.metrics()).split('\n');
    expect(lines).to.include.members([
      'ledger_blockchain_height{channel="mobility"} 7',
      'gossip_state_height{channel="mobility"} 7',
      'ledger_transaction_count{channel="mobility",transaction_type="ENDORSER_TRANSACTION",chaincode="mobility:1.0",validation_code="VALID"} 2',
      'ledger_transaction_count{channel="mobility",transaction_type="ENDORSER_TRANSACTION",chaincode="mobility:1.0",validation_code="MVCC_READ_CONFLICT"} 1',
      'ledger_transaction_count{channel="mobility",transaction_type="unknown",chaincode="unknown",validation_code="ENDORSEMENT_POLICY_FAILURE"} 1',
      'ledger_block_processing_time_bucket{le="0.015",channel="mobility"} 1',
      'ledger_block_processing_time_bucket{le="0.01",channel="mobility"} 0',
      'ledger_blockstorage_and_pvtdata_commit_time_bucket{le="0.005",channel="mobility"} 1',
      'ledger_statedb_commit_time_bucket{le="0.05",channel="mobility"} 1',
      'ledger_statedb_commit_time_bucket{le="0.015",channel="mobility"} 0',
      'gossip_state_commit_duration_sum{channel="mobility"} 0.04',
      'gossip_state_commit_duration_count{channel="mobility"} 1',
    ]);
  });
});
