import { expect } from 'chai';
import { assessAgainstHistory } from './assess';
import { InsufficientHistoryError } from './errors';
import { DETECTOR, fitRobustModel, modelRef, scoreVector, toPermille } from './robust-z-detector';
import { fabricatedAudit, ordinaryHistory, vector } from './testing-history';

describe('anomaly: robust z-scores (median / MAD) against past audits', () => {
  const history = ordinaryHistory();

  it('fits median and 1.4826·MAD per feature, never below the feature floor', () => {
    const model = fitRobustModel(history);
    const feature = (name: string) => model.features.find((entry) => entry.name === name);
    // motionScorePermille: 880 ×3, 890 ×3, 900 ×2, 910 ×2, 920 ×2 → median 895; |x − 895| is 5 ×5, 15 ×5, 25 ×2 → MAD 15; 22.2 < floor 50.
    expect(feature('motionScorePermille')).to.deep.include({ median: 895, mad: 15, scale: 50, floored: true });
    // meanCaptureIntervalMs: 27 000, 28 500, 30 000, 31 500 three times each → median 29 250, MAD 1 500.
    expect(feature('meanCaptureIntervalMs')).to.deep.include({ median: 29_250, mad: 1_500, scale: 5_000, floored: true });
    // 32 000 … 37 000 ms per capture, twice each.
    expect(feature('checkInToSubmitPerCaptureMs')).to.deep.include({ median: 34_500, mad: 1_500 });
    // Where the spread is wider than the floor, the scale is 1.4826 × MAD.
    const wide = fitRobustModel(history.map((entry, index) => ({ ...entry, meanCaptureIntervalMs: 20_000 + 10_000 * (index % 4) })));
    expect(wide.features.find((entry) => entry.name === 'meanCaptureIntervalMs')).to.deep.include({ mad: 10_000, floored: false });
    expect(wide.features.find((entry) => entry.name === 'meanCaptureIntervalMs')?.scale).to.be.closeTo(14_826, 1e-6);
    expect(feature('manualEntries')).to.deep.include({ median: 0, mad: 0, scale: 1 });
  });

  it('flags an obvious outlier and names the feature that gives it away', () => {
    const result = assessAgainstHistory(fabricatedAudit(100), history);
    expect(result.score.flagged).to.equal(true);
    expect(result.score.topFeature).to.equal('motionScorePermille');
    // (0 − 895) / 50
    expect(result.score.maxAbsZ).to.be.closeTo(17.9, 1e-9);
    expect(result.score.scoreMilli).to.equal(17_900);
    // 1000 × 17.9 / (17.9 + 3.5)
    expect(result.score.scorePermille).to.equal(836);
    expect(result.record).to.deep.include({ auditId: fabricatedAudit(100).auditId, detector: DETECTOR, scorePermille: 836, flagged: true });
    expect(result.record.note).to.match(/^max \|z\| 17\.90 on motionScorePermille \(0 vs median 895, scale 50\); threshold 3\.5; \d+ feature\(s\) beyond$/);
    const beyond = result.score.features.filter((feature) => Math.abs(feature.z) > 3.5).map((feature) => feature.name);
    expect(beyond).to.deep.equal(['manualEntries', 'motionScorePermille', 'motionPointsPerCapture', 'meanCaptureIntervalMs', 'checkInToSubmitPerCaptureMs']);
  });

  it('does not flag ordinary audits, including each past audit against the others', () => {
    const fresh = vector(200, { manualEntries: 1, retakes: 1, motionScorePermille: 870, meanCaptureIntervalMs: 33_000 });
    expect(assessAgainstHistory(fresh, history).score.flagged).to.equal(false);
    for (const [index, past] of history.entries()) {
      const others = history.filter((_, other) => other !== index);
      const { score } = assessAgainstHistory(past, others);
      expect(score.flagged, past.auditId).to.equal(false);
      expect(score.scorePermille).to.be.below(500);
    }
  });

  it('is robust to one contaminating audit in the history', () => {
    const contaminated = [...history.slice(0, 6), fabricatedAudit(50), ...history.slice(6)];
    const clean = fitRobustModel(history);
    const dirty = fitRobustModel(contaminated);
    // The medians barely move: the outlier cannot drag them as it would drag a mean.
    for (const [index, feature] of dirty.features.entries()) {
      const reference = clean.features[index];
      expect(Math.abs(feature.median - (reference?.median ?? 0)), feature.name).to.be.at.most(reference?.scale ?? 0);
    }
    expect(assessAgainstHistory(fabricatedAudit(100), contaminated).score.flagged).to.equal(true);
    expect(assessAgainstHistory(vector(201), contaminated).score.flagged).to.equal(false);
    // And the contaminating audit itself stands out among the past audits the chart draws.
    const chartCloud = assessAgainstHistory(vector(201), contaminated).referenceScores;
    expect(chartCloud.filter((entry) => entry.flagged).map((entry) => entry.auditId)).to.deep.equal([fabricatedAudit(50).auditId]);
  });

  it('is deterministic, with a model reference that pins the history it was fitted on', () => {
    const first = assessAgainstHistory(fabricatedAudit(100), history);
    const second = assessAgainstHistory(fabricatedAudit(100), [...history]);
    expect(second).to.deep.equal(first);
    expect(first.record.modelRef).to.match(/^robust-z-mad\.v1;n=12;sha256=[0-9a-f]{32}$/);
    expect(modelRef(fitRobustModel(history.slice(1)))).to.not.equal(first.record.modelRef);
    expect(first.record.modelRef.length).to.be.at.most(128);
  });

  it('maps the unbounded score onto 0-1000 per mille: 0 typical, 500 at the threshold', () => {
    expect(toPermille(0, 3.5)).to.equal(0);
    expect(toPermille(3.5, 3.5)).to.equal(500);
    expect(toPermille(1e9, 3.5)).to.equal(1000);
    const model = fitRobustModel(history);
    expect(scoreVector(model, vector(300, { motionScorePermille: 895 - 175 })).scorePermille).to.equal(500);
  });

  it('refuses to judge without enough history', () => {
    expect(() => assessAgainstHistory(fabricatedAudit(100), history.slice(0, 4))).to.throw(InsufficientHistoryError, /4 past audit\(s\).*at least 5/);
    expect(assessAgainstHistory(fabricatedAudit(100), history.slice(0, 4), { minHistory: 3 }).score.flagged).to.equal(true);
  });

  it('takes its threshold from the options', () => {
    const mild = vector(400, { motionScorePermille: 895 - 150 });
    expect(assessAgainstHistory(mild, history).score.flagged).to.equal(false);
    expect(assessAgainstHistory(mild, history, { threshold: 2.5 }).score.flagged).to.equal(true);
  });
});
