/** An RFC 4180 reader, to check that what we write reads back as the same fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      index += 1;
      while (index < text.length) {
        if (text[index] === '"' && text[index + 1] === '"') {
          field += '"';
          index += 2;
        } else if (text[index] === '"') {
          index += 1;
          break;
        } else {
          field += text[index];
          index += 1;
        }
      }
    } else if (text[index] === ',') {
      fields.push(field);
      field = '';
      index += 1;
    } else if (text.startsWith('\r\n', index)) {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      index += 2;
    } else {
      field += text[index];
      index += 1;
    }
  }
  if (field !== '' || fields.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}
