/** The report's only style sheet: inline, screen and print; no fonts or images from anywhere. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 24px auto; max-width: 1040px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #333; padding-bottom: 2px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.meta { color: #555; margin: 0 0 16px; }
.notice { border: 2px solid #b71c1c; background: #fdecea; color: #7f0000; padding: 8px 12px; margin: 12px 0; font-weight: 600; }
.notice ul { margin: 4px 0 0 18px; padding: 0; font-weight: 400; }
.ok { border: 1px solid #2e7d32; background: #edf7ee; color: #1b5e20; padding: 6px 12px; margin: 12px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { font-weight: 600; color: #333; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .vin { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
.result-PASS { color: #1b5e20; font-weight: 600; }
.result-FAIL { color: #b71c1c; font-weight: 600; }
.result-EXCEPTION { color: #6d4c00; font-weight: 600; }
.result-REVIEW { color: #8a5a00; font-weight: 600; }
.class-fraud { color: #b71c1c; font-weight: 600; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 12px; }
.muted { color: #777; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  section.audit, section.lot { break-before: page; }
  section.lot > section.audit:first-of-type { break-before: avoid; }
  tr, figure, dl.facts, .notice { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;
