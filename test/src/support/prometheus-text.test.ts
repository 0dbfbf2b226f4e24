import { expect } from 'chai';
import { parsePrometheus, sumSamples } from './prometheus-text';

const EXPOSITION = [
  '# HELP ledger_transaction_count Number of transactions processed.',
  '# TYPE ledger_transaction_count counter',
  'ledger_transaction_count{channel="mobility",validation_code="VALID"} 12',
  'ledger_transaction_count{channel="mobility",validation_code="MVCC_READ_CONFLICT"} 2',
  'ledger_transaction_count{channel="other",validation_code="VALID"} 5',
  'ledger_blockchain_height{channel="mobility"} 7',
  'process_cpu_seconds_total 1.5e-1',
  '',
].join('\n');

describe('parsePrometheus / sumSamples', () => {
  it('reads every sample and sums the samples of a name whose labels match', () => {
    const samples = parsePrometheus(EXPOSITION);
    expect(samples).to.have.length(5);
    expect(sumSamples(samples, 'ledger_transaction_count')).to.equal(19);
    expect(sumSamples(samples, 'ledger_transaction_count', { channel: 'mobility' })).to.equal(14);
    expect(sumSamples(samples, 'ledger_transaction_count', { channel: 'mobility', validation_code: 'VALID' })).to.equal(12);
    expect(sumSamples(samples, 'ledger_blockchain_height', { channel: 'other' })).to.equal(0);
    expect(sumSamples(samples, 'process_cpu_seconds_total')).to.equal(0.15);
  });

  it('keeps escaped quotes and commas inside label values, and unlabelled samples with a timestamp', () => {
    const samples = parsePrometheus('m{a="x\\"y,z",b="2"} 3e2\nplain 4 1700000000000\n');
    expect(samples).to.deep.equal([
      { name: 'm', labels: { a: 'x"y,z', b: '2' }, value: 300 },
      { name: 'plain', labels: {}, value: 4 },
    ]);
  });
});
