import { expect } from 'chai';
import { buildLotReport, buildLotsReport } from './build-lot-report';
import { parseCsv } from './testing-csv';
import { CSV_COLUMNS, renderLotReportCsv, renderLotsReportCsv } from './csv-report';
import { AUDIT_ID, EARLIER_AUDIT_ID, VIN, auditDetail, earlierAuditDetail, lot, units } from './testing-fixture';

describe('reports: the lot report as CSV', () => {
  const report = buildLotReport({ lot, units, audits: [auditDetail, earlierAuditDetail], generatedAtMs: 1_700_001_000_000 });
  const [header, ...rows] = parseCsv(renderLotReportCsv(report));
  const column = (row: readonly string[] | undefined, name: (typeof CSV_COLUMNS)[number]) => row?.[CSV_COLUMNS.indexOf(name)];
  const rowOf = (auditId: string, vin: string) => rows.find((row) => column(row, 'audit_id') === auditId && column(row, 'vin') === vin);

  it('has a header and one row per VIN per audit, oldest audit first', () => {
    expect(header).to.deep.equal([...CSV_COLUMNS]);
    expect(rows).to.have.length(3 + 5);
    expect(rows.every((row) => row.length === CSV_COLUMNS.length)).to.equal(true);
    expect(rows.slice(0, 3).every((row) => column(row, 'audit_id') === EARLIER_AUDIT_ID)).to.equal(true);
  });

  it('writes ledger integers as plain decimals: degrees, metres, percent', () => {
    const tundra = rowOf(AUDIT_ID, VIN.tundra);
    expect(column(tundra, 'certainty_pct')).to.equal('66.6');
    expect(column(tundra, 'clarity_pct')).to.equal('53.3');
    expect(column(tundra, 'recorded_lat')).to.equal('32.715200');
    expect(column(tundra, 'captured_lon')).to.equal('-117.160800');
    expect(column(tundra, 'offset_from_recorded_m')).to.equal('18.711');
    expect(column(tundra, 'attempts')).to.equal('2');
    expect(column(tundra, 'findings')).to.equal('path-not-near-vehicle;vehicle-location');
  });

  it('carries the audit facts of claim 7 on every row: capture device, typed VINs, fraud', () => {
    const bus = rowOf(AUDIT_ID, VIN.bus);
    expect(column(bus, 'capture_method')).to.equal('typed');
    expect(column(bus, 'certainty_pct')).to.equal('');
    expect(column(bus, 'capture_device_kind')).to.equal('tablet');
    expect(column(bus, 'capture_device_model')).to.equal('Galaxy Tab S9');
    expect(column(bus, 'audit_typed_vins')).to.equal('1');
    expect(column(bus, 'audit_fraud_types')).to.equal('motion-absent');
    expect(column(bus, 'audit_fraud_detected')).to.equal('yes');
    expect(column(rowOf(AUDIT_ID, VIN.sold), 'confirmation')).to.equal('EXCEPTION');
    expect(column(rowOf(AUDIT_ID, VIN.sold), 'exception_reason')).to.equal('sold');
  });

  it('reads back text with commas and quotes unchanged', () => {
    expect(column(rows[0], 'lot_name')).to.equal('Harbor Motors, "North" yard');
    expect(column(rows[0], 'dealer_name')).to.equal('Harbor Motors, LLC');
  });

  it('across lots: the rows of every lot under one header', () => {
    const second = buildLotReport({ lot: { ...lot, lotId: 'lot-8', name: '=cmd' }, units, audits: [earlierAuditDetail], generatedAtMs: 1 });
    const [head, ...all] = parseCsv(renderLotsReportCsv(buildLotsReport([second, report], 1)));
    expect(head).to.deep.equal([...CSV_COLUMNS]);
    expect(all.map((row) => column(row, 'lot_id'))).to.deep.equal([...Array<string>(8).fill('lot-7'), 'lot-8', 'lot-8', 'lot-8']);
    expect(column(all[8], 'lot_name')).to.equal(`'=cmd`);
  });
});
