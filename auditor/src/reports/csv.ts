/**
 * RFC 4180 CSV: CRLF after every record, a field is quoted when it holds a comma, a double quote,
 * CR or LF, and a double quote inside a quoted field is doubled.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * Free text entered by other parties (dealer names, vehicle descriptions) is neutralised against
 * spreadsheet formula injection (OWASP "CSV Injection"): a leading =, +, -, @, tab or CR gets a
 * leading apostrophe so the cell stays text.
 */
export function textCell(value: string | undefined): string {
  if (value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
