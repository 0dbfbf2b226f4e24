import { expect } from 'chai';
import { csvField, csvRecord, textCell } from './csv';
import { parseCsv } from './testing-csv';

describe('reports: CSV (RFC 4180)', () => {
  it('quotes a field only when it holds a comma, a double quote, CR or LF, doubling inner quotes', () => {
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('')).to.equal('');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('two\nlines')).to.equal('"two\nlines"');
    expect(csvField('cr\rhere')).to.equal('"cr\rhere"');
    expect(csvField(' spaced ')).to.equal(' spaced ');
  });

  it('ends every record with CRLF and reads back field for field', () => {
    const fields = ['lot-7', 'Harbor Motors, "North" yard', 'line one\r\nline two', '', '-117.161000'];
    const text = csvRecord(fields) + csvRecord(['x']);
    expect(text.endsWith('\r\n')).to.equal(true);
    expect(parseCsv(text)).to.deep.equal([fields, ['x']]);
  });

  it('keeps free text from turning into spreadsheet formulas', () => {
    expect(textCell('=HYPERLINK("http://x")')).to.equal(`'=HYPERLINK("http://x")`);
    expect(textCell('+1')).to.equal(`'+1`);
    expect(textCell('@SUM(A1)')).to.equal(`'@SUM(A1)`);
    expect(textCell('blue Ford')).to.equal('blue Ford');
    expect(textCell(undefined)).to.equal('');
  });
});
