/**
 * Just enough PDF reading for tests of uncompressed pdfkit output: the cross-reference table, the
 * page objects, the Info dictionary and the text shown by TJ operators (pdfkit writes hex strings
 * with kerning numbers between them, WinAnsi-encoded).
 */
export interface PdfFacts {
  readonly version: string;
  readonly pages: number;
  /** Every object the xref table lists starts where it says. */
  readonly xrefConsistent: boolean;
  readonly text: string;
  readonly info: Record<string, string>;
}

function decodeHex(hex: string): string {
  let text = '';
  for (let index = 0; index + 1 < hex.length; index += 2) text += String.fromCharCode(parseInt(hex.slice(index, index + 2), 16));
  return text;
}

function xrefConsistent(pdf: string): boolean {
  const start = /startxref\n(\d+)\n%%EOF\s*$/.exec(pdf);
  if (!start?.[1]) return false;
  const offset = Number(start[1]);
  if (!pdf.startsWith('xref', offset)) return false;
  const lines = pdf.slice(offset).split('\n');
  const count = Number(lines[1]?.split(' ')[1]);
  for (let object = 1; object < count; object += 1) {
    const entry = lines[2 + object] ?? '';
    const at = Number(entry.slice(0, 10));
    if (!pdf.startsWith(`${object} 0 obj`, at)) return false;
  }
  return count > 1;
}

function infoOf(pdf: string): Record<string, string> {
  const dict = /trailer\n<<[\s\S]*?\/Info (\d+) 0 R/.exec(pdf);
  const info: Record<string, string> = {};
  if (!dict?.[1]) return info;
  const body = new RegExp(`\\n${dict[1]} 0 obj\\n<<([\\s\\S]*?)>>`).exec(pdf)?.[1] ?? '';
  for (const [, key, ref] of body.matchAll(/\/(\w+) (\d+) 0 R/g)) {
    const value = new RegExp(`\\n${ref} 0 obj\\n\\(([^)]*)\\)`).exec(pdf)?.[1];
    if (key && value !== undefined) info[key] = value;
  }
  return info;
}

export function readPdf(bytes: Buffer): PdfFacts {
  const pdf = bytes.toString('latin1');
  const shown = [...pdf.matchAll(/\[((?:<[0-9a-f]*>|\s|-?\d+(?:\.\d+)?)*)\] TJ/g)].map(([, array]) =>
    [...(array ?? '').matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => decodeHex(hex ?? '')).join(''),
  );
  return {
    version: /^%PDF-(\d\.\d)/.exec(pdf)?.[1] ?? '',
    pages: [...pdf.matchAll(/\/Type \/Page\n/g)].length,
    xrefConsistent: xrefConsistent(pdf),
    text: shown.join('\n'),
    info: infoOf(pdf),
  };
}
