import { assessVin } from '@mobility-ledger/chaincode/dist/vinaudit/vin';
import { expect } from 'chai';
import { VinSource } from './vin-source';

describe('VIN source', () => {
  it('makes distinct VINs that pass the check digit, also for North American prefixes', () => {
    for (const prefix of ['WBAVB135', '1HGCM826']) {
      const source = new VinSource(prefix, 1_000);
      const vins = Array.from({ length: 500 }, () => source.next());
      expect(new Set(vins).size).to.equal(500);
      for (const vin of vins) {
        expect(vin).to.match(/^[A-HJ-NPR-Z0-9]{17}$/);
        expect(assessVin(vin, ['1', '2', '3', '4', '5', 'W']).check).to.equal('valid');
      }
    }
  });

  it('refuses a prefix that is not eight VIN characters', () => {
    expect(() => new VinSource('WBAOB135')).to.throw('VIN prefix');
    expect(() => new VinSource('WBA')).to.throw('VIN prefix');
  });
});
