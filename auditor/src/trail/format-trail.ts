import type { Trail, TrailEntry } from './build-trail';

function shortTxId(txId: string): string {
  return txId.length > 16 ? `${txId.slice(0, 12)}…` : txId;
}

function devicesOf(entry: TrailEntry): string {
  return entry.devices.map((device) => `${device.device} (${device.action})`).join(', ') || '-';
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ');
}

/** A trail as a table for people; `--json` output carries everything. */
export function formatTrail(trail: Trail): string {
  const header = ['#', 'block:tx', 'time', 'txId', 'submitter', 'function', 'endorsers', 'validation', 'devices', 'keys'];
  const rows = trail.transactions.map((entry, index) => [
    String(index + 1),
    `${entry.blockNumber}:${entry.txNumber}`,
    entry.timestamp ?? '-',
    shortTxId(entry.txId),
    entry.submitter.mspId || '-',
    entry.function ?? '-',
    entry.endorsers.map((endorser) => endorser.mspId).join('+') || '-',
    entry.historyMatchesBlock ? entry.validation : `${entry.validation} (history/block mismatch)`,
    devicesOf(entry),
    entry.touched.map((touched) => `${touched.isDelete ? 'deleted ' : ''}${touched.display}`).join(', '),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((cells) => (cells[column] ?? '').length)));
  const lines = [
    `Trail of ${trail.kind} ${trail.id}: ${trail.transactions.length} transaction(s) over ${trail.keys.length} key(s), blocks from ${trail.source}${trail.truncated ? ' (key list truncated by the chaincode)' : ''}`,
    row(header, widths),
    ...rows.map((cells) => row(cells, widths)),
  ];
  return `${lines.join('\n')}\n`;
}
