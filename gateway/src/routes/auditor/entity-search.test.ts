import { auditDetail, lot, units } from '@mobility-ledger/auditor/dist/reports/testing-fixture';
import type { KeyHistory } from '@mobility-ledger/auditor/dist/trail/key-history';
import { expect } from 'chai';
import { candidatesOf, searchEntities } from './entity-search';
import { FakeLedger, MemoryAnomalySource, MemoryReportSource } from './testing-ledger';

const RIDE_ID = 'ab'.repeat(32);
const history = (kind: string, id: string, written: number): KeyHistory => ({
  kind,
  id,
  truncated: false,
  keys: Array.from({ length: written }, (_, index) => ({ key: `k${index}`, display: `k${index}`, role: 'record' as const, modifications: [{ txId: 'f'.repeat(64), timestampMs: 0, isDelete: false, valueBase64: '' }] })),
});

describe('dashboard search', () => {
  const ledger = new FakeLedger(new MemoryReportSource(lot, units, [auditDetail]), new MemoryAnomalySource([]), new Map([[`ride:${RIDE_ID}`, history('ride', RIDE_ID, 1)]]));

  it('reads a query’s shape: VINs upper-cased, device addresses, and 64-hex IDs as audit, pairing or ride', () => {
    expect(candidatesOf(' 1hgcm82633a004352 ')).to.deep.equal([{ kind: 'vin', id: '1HGCM82633A004352' }]);
    expect(candidatesOf('0x00000000000000000000000000000000000A0d17')).to.deep.equal([{ kind: 'device', id: '0x00000000000000000000000000000000000A0d17' }]);
    expect(candidatesOf(RIDE_ID.toUpperCase()).map((candidate) => candidate.kind)).to.deep.equal(['audit', 'pairing', 'ride']);
    expect(candidatesOf(RIDE_ID.toUpperCase())[0]?.id).to.equal(RIDE_ID);
    // I, O and Q never occur in a VIN.
    expect(candidatesOf('1HGCM82633A00435O')).to.deep.equal([]);
  });

  it('keeps only the kinds whose trail is not empty, finds lots by ID, and looks an explicit kind up as asked', async () => {
    expect(await searchEntities(ledger, RIDE_ID)).to.deep.equal([{ kind: 'ride', id: RIDE_ID, keys: 1, label: `Ride ${RIDE_ID}` }]);
    expect(await searchEntities(ledger, lot.lotId)).to.deep.equal([{ kind: 'lot', id: lot.lotId, keys: units.length, label: `Lot ${lot.lotId}: ${lot.name}` }]);
    expect(await searchEntities(ledger, 'nothing-here')).to.deep.equal([]);
    expect(await searchEntities(ledger, RIDE_ID, 'pairing')).to.deep.equal([{ kind: 'pairing', id: RIDE_ID, keys: 0, label: `Pairing ${RIDE_ID}` }]);
  });
});
