import { expect } from 'chai';
import { LatencyRecorder, percentile, summarize } from './stats';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 50)).to.equal(50);
    expect(percentile(samples, 99)).to.equal(99);
    expect(percentile(samples, 100)).to.equal(100);
    expect(percentile([7], 99)).to.equal(7);
    expect(Number.isNaN(percentile([], 50))).to.equal(true);
  });

  it('summarizes throughput over the elapsed time, whatever the order of samples', () => {
    const summary = summarize([30, 10, 20, 40], 1, 2_000);
    expect(summary).to.deep.equal({ count: 4, errors: 1, perSecond: 2, p50Ms: 20, p99Ms: 40, meanMs: 25 });
  });

  it('records failures apart from latencies', async () => {
    const recorder = new LatencyRecorder();
    expect(await recorder.time('read', async () => 5)).to.equal(5);
    expect(await recorder.time('write', () => Promise.reject(new Error('boom')))).to.equal(undefined);
    expect(recorder.operations()).to.deep.equal(['read', 'write']);
    expect(recorder.summary('write', 1_000)).to.include({ count: 0, errors: 1 });
    expect(recorder.summary(undefined, 1_000)).to.include({ count: 1, errors: 1 });
    expect(recorder.errorMessages).to.deep.equal(['write: boom']);
  });
});
