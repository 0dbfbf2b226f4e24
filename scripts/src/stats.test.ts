import { expect } from 'chai';
import { percentile, percentiles, summarize, timeline } from './stats';
import type { TxSample } from './work-item';

function sample(startMs: number, doneMs: number, outcome = 'VALID'): TxSample {
  return { kind: 'pairing:VerifyMessage', org: 'oem', scheduledMs: startMs, startMs, endorsedMs: startMs + 1, submittedMs: startMs + 2, doneMs, outcome, resultOk: true };
}

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).to.equal(50);
    expect(percentile(values, 99)).to.equal(99);
    expect(percentile(values, 100)).to.equal(100);
    expect(percentile([7], 99)).to.equal(7);
    expect(percentiles([3, 1, 2])).to.include({ count: 3, p50: 2, max: 3, mean: 2 });
  });

  it('counts closed-loop throughput by commits inside the window, latency by starts inside it', () => {
    const samples = [
      sample(-50, 20), // started in the ramp, committed in the window: throughput only
      sample(100, 150),
      sample(900, 1100), // started in the window, committed after it: latency only
      sample(200, 260, 'MVCC_READ_CONFLICT'),
      { ...sample(300, 310), outcome: 'endorse-error', submittedMs: undefined, message: 'boom' },
    ];
    const summary = summarize({ samples, windowStartMs: 0, windowEndMs: 1000 }, 'closed');
    expect(summary.committedTxPerS).to.equal(2);
    expect(summary.started).to.equal(4);
    expect(summary.committedValid).to.equal(2);
    expect(summary.committedInvalid).to.equal(1);
    expect(summary.errors).to.equal(1);
    expect(summary.latencyMs.p50).to.equal(50);
    expect(summary.latencyMs.max).to.equal(200);
    expect(summary.outcomes).to.deep.equal({ VALID: 2, MVCC_READ_CONFLICT: 1, 'endorse-error': 1 });
  });

  it('measures open-loop latency from when each transaction was due', () => {
    const late = { ...sample(100, 180), scheduledMs: 40 };
    const summary = summarize({ samples: [late], windowStartMs: 0, windowEndMs: 500 }, 'open');
    expect(summary.latencyMs.p50).to.equal(140);
    expect(summary.committedTxPerS).to.equal(2);
  });

  it('splits a window into seconds, so a stall shows as a second with few commits', () => {
    const samples = [sample(100, 300), sample(200, 1900), sample(1500, 1950), sample(2100, 2200, 'MVCC_READ_CONFLICT')];
    const points = timeline({ samples, windowStartMs: 0, windowEndMs: 2500 });
    expect(points.map((point) => point.second)).to.deep.equal([0, 1, 2]);
    expect(points.map((point) => point.started)).to.deep.equal([2, 1, 1]);
    expect(points.map((point) => point.committed)).to.deep.equal([1, 2, 0]);
    expect(points[0]?.latencyP99Ms).to.equal(1700);
  });
});
