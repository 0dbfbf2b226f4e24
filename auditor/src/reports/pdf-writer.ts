import PDFDocument from 'pdfkit';
import type { PathLayout } from './path-layout';

export interface PdfColumn {
  readonly header: string;
  /** Share of the text width. */
  readonly weight: number;
  readonly align?: 'left' | 'right';
}

export interface PdfOptions {
  readonly title: string;
  readonly subject: string;
  /** Stamped as creation and modification date: the same report gives the same bytes. */
  readonly generatedAtMs: number;
  /** Deflate page streams (default true); tests turn it off to read the text. */
  readonly compress?: boolean;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGIN = 40;
const CELL_PAD = 2;
const RING_COLOURS = { reached: '#1b7f3b', 'not-reached': '#c62828', 'not-captured': '#757575' } as const;

/** The standard PDF fonts cover WinAnsi only: anything else is spelled in ASCII. */
export function pdfText(text: string): string {
  return text
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/·/g, '-')
    .replace(/[^\x20-\x7e\n]/g, '?');
}

/** A thin layer over pdfkit for headings, key-value lists, tables that break across pages, and the path drawing. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(options: PdfOptions) {
    const date = new Date(options.generatedAtMs);
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      compress: options.compress ?? true,
      info: { Title: pdfText(options.title), Subject: pdfText(options.subject), Creator: 'Mobility Ledger auditor', Producer: 'PDFKit', CreationDate: date, ModDate: date },
    });
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font(FONT).fontSize(9);
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensureRoom(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  heading(text: string, size = 14): void {
    this.ensureRoom(size * 3);
    this.doc.moveDown(0.4).font(BOLD).fontSize(size).fillColor('#000').text(pdfText(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2).font(FONT).fontSize(9);
  }

  paragraph(text: string, colour = '#000'): void {
    this.ensureRoom(14);
    this.doc.font(FONT).fontSize(9).fillColor(colour).text(pdfText(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor('#000');
  }

  /** A boxed alert line, for the fraud notification. */
  alert(text: string): void {
    const height = this.doc.heightOfString(pdfText(text), { width: this.width - 12 }) + 10;
    this.ensureRoom(height + 6);
    const top = this.doc.y;
    this.doc.rect(MARGIN, top, this.width, height).fillAndStroke('#fdecea', '#b71c1c');
    this.doc.font(BOLD).fillColor('#7f0000').text(pdfText(text), MARGIN + 6, top + 5, { width: this.width - 12 });
    this.doc.font(FONT).fillColor('#000');
    this.doc.y = top + height + 6;
  }

  keyValues(entries: readonly [string, string | undefined][]): void {
    const keyWidth = 120;
    for (const [key, value] of entries) {
      if (value === undefined) continue;
      const text = pdfText(value);
      const height = Math.max(11, this.doc.heightOfString(text, { width: this.width - keyWidth }));
      this.ensureRoom(height);
      const top = this.doc.y;
      this.doc.font(BOLD).text(pdfText(key), MARGIN, top, { width: keyWidth - 6 });
      this.doc.font(FONT).text(text, MARGIN + keyWidth, top, { width: this.width - keyWidth });
      this.doc.y = top + height + 1;
    }
    this.doc.moveDown(0.3);
  }

  table(columns: readonly PdfColumn[], rows: readonly (readonly string[])[]): void {
    const total = columns.reduce((sum, column) => sum + column.weight, 0);
    const widths = columns.map((column) => (column.weight / total) * this.width);
    const drawRow = (cells: readonly string[], header: boolean) => {
      this.doc.font(header ? BOLD : FONT).fontSize(8);
      const texts = cells.map(pdfText);
      const height = Math.max(...texts.map((text, index) => this.doc.heightOfString(text, { width: (widths[index] ?? 10) - 2 * CELL_PAD }))) + 2 * CELL_PAD;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (!header) drawRow(columns.map((column) => column.header), true);
        this.doc.font(FONT).fontSize(8);
      }
      const top = this.doc.y;
      let x = MARGIN;
      texts.forEach((text, index) => {
        const width = widths[index] ?? 10;
        if (header) this.doc.rect(x, top, width, height).fill('#eeeeee').fillColor('#000');
        this.doc.rect(x, top, width, height).lineWidth(0.5).stroke('#999999');
        this.doc.text(text, x + CELL_PAD, top + CELL_PAD, { width: width - 2 * CELL_PAD, align: columns[index]?.align ?? 'left' });
        x += width;
      });
      this.doc.y = top + height;
    };
    drawRow(columns.map((column) => column.header), true);
    for (const row of rows) drawRow(row, false);
    this.doc.font(FONT).fontSize(9).moveDown(0.5);
  }

  /** The same picture as the SVG: lot, rings, recorded and captured positions, the path. */
  pathDrawing(layout: PathLayout, caption: string): void {
    this.ensureRoom(layout.height + 24);
    const left = MARGIN;
    const top = this.doc.y;
    const doc = this.doc;
    const at = (point: { x: number; y: number }) => [left + point.x, top + point.y] as const;
    doc.save();
    doc.rect(left, top, layout.width, layout.height).fillAndStroke('#f4f4f0', '#999999');
    doc.rect(left, top, layout.width, layout.height).clip();
    doc.circle(...at(layout.lot.center), layout.lot.radius).lineWidth(0.8).dash(5, { space: 3 }).fillAndStroke('#e8efe2', '#8a9a7b').undash();
    for (const vehicle of layout.vehicles) {
      if (vehicle.ring) doc.circle(...at(vehicle.ring.center), vehicle.ring.radius).lineWidth(1.2).stroke(RING_COLOURS[vehicle.ring.state]);
      if (vehicle.recorded && vehicle.captured) {
        doc.moveTo(...at(vehicle.recorded)).lineTo(...at(vehicle.captured)).lineWidth(0.8).dash(2, { space: 2 }).stroke('#ef6c00').undash();
      }
      if (vehicle.recorded) doc.rect(left + vehicle.recorded.x - 2.5, top + vehicle.recorded.y - 2.5, 5, 5).fill('#1565c0');
      if (vehicle.captured) doc.circle(...at(vehicle.captured), 2).fill('#ef6c00');
      const anchor = vehicle.recorded ?? vehicle.captured;
      if (anchor) doc.fillColor('#222222').fontSize(7).text(`...${pdfText(vehicle.label)}`, left + anchor.x + 5, top + anchor.y - 9, { lineBreak: false });
    }
    const [first, ...rest] = layout.path;
    if (first) {
      doc.moveTo(...at(first));
      for (const point of rest) doc.lineTo(...at(point));
      doc.lineWidth(1.2).stroke('#0d47a1');
      doc.circle(...at(first), 3).fill('#0d47a1');
    }
    doc.restore();
    const barY = top + layout.height - 8;
    const barX = left + layout.width - 10 - layout.scaleBar.units;
    doc.moveTo(barX, barY).lineTo(barX + layout.scaleBar.units, barY).lineWidth(1.5).stroke('#333333');
    doc.fillColor('#333333').fontSize(7).text(layout.scaleBar.label, barX, barY - 9, { lineBreak: false });
    doc.fillColor('#000000').fontSize(8).text(pdfText(caption), left, top + layout.height + 4, { width: this.width });
    doc.fontSize(9);
    doc.x = MARGIN;
    doc.moveDown(0.5);
  }

  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
