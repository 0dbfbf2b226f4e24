import { expect } from 'chai';
import { degrees, deviceLabel, metres, metresShort, percent, position, seconds, timestamp } from './format';

describe('reports: ledger integers formatted for humans', () => {
  it('microdegrees as exact decimal degrees', () => {
    expect(degrees(32_715_100)).to.equal('32.715100');
    expect(degrees(-117_161_000)).to.equal('-117.161000');
    expect(degrees(5)).to.equal('0.000005');
    expect(degrees(-5)).to.equal('-0.000005');
    expect(degrees(0)).to.equal('0.000000');
    expect(position({ latE6: 1, lonE6: -2 })).to.equal('0.000001, -0.000002');
  });

  it('millimetres as metres, per mille as percent, ms as seconds and UTC time', () => {
    expect(metres(1_524)).to.equal('1.524');
    expect(metres(18_711)).to.equal('18.711');
    expect(metres(7)).to.equal('0.007');
    expect(metresShort(1_524)).to.equal('1.5 m');
    expect(percent(666)).to.equal('66.6');
    expect(percent(1000)).to.equal('100.0');
    expect(percent(0)).to.equal('0.0');
    expect(seconds(50_000)).to.equal('50.000');
    expect(timestamp(1_700_000_000_000)).to.equal('2023-11-14 22:13:20');
  });

  it('refuses numbers that are not safe integers instead of printing them wrong', () => {
    expect(() => degrees(1.5)).to.throw(RangeError);
  });

  it('names the capture device with its model when known', () => {
    expect(deviceLabel({ kind: 'uav', model: 'M30' })).to.equal('uav (M30)');
    expect(deviceLabel({ kind: 'smartphone' })).to.equal('smartphone');
  });
});
