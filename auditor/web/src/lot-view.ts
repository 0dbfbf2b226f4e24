import { links } from './api';
import type { LotAudits } from './api-types';
import { facts, h, replace } from './dom';
import { metres, shortId, utc } from './format';
import type { Navigator } from './navigation';

/** A lot: its audits (open one), and its summary report in the three formats. */
export function renderLot(panel: HTMLElement, data: LotAudits, nav: Navigator): void {
  const { lot, audits } = data;
  const rows = [...audits].reverse().map((audit) => {
    const open = h('button', { type: 'button', className: 'link open-audit', 'data-audit-id': audit.auditId }, shortId(audit.auditId, 16));
    open.addEventListener('click', () => nav.openAudit(audit.auditId));
    return h('tr', {}, h('td', {}, open), h('td', {}, utc(audit.openedAtMs)), h('td', {}, audit.status), h('td', { className: `result-${audit.outcome ?? 'none'}` }, audit.outcome ?? '–'));
  });
  replace(
    panel,
    h('h2', { id: 'lot-title' }, `Lot ${lot.lotId}`),
    facts([
      ['Name', lot.name],
      ['Dealer', lot.dealerName],
      ['Lender', lot.lenderMsp],
      ['Radius', metres(lot.radiusMm)],
    ]),
    h(
      'p',
      { className: 'downloads' },
      'Summary report of every audit: ',
      ...(['html', 'pdf', 'csv'] as const).map((format) => h('a', { className: `download lot-report-${format}`, href: links.lotReport(lot.lotId, format), download: '' }, format.toUpperCase())),
    ),
    audits.length === 0
      ? h('p', { className: 'muted' }, 'No audits of this lot.')
      : h('table', { className: 'audits' }, h('thead', {}, h('tr', {}, h('th', {}, 'Audit'), h('th', {}, 'Opened'), h('th', {}, 'Status'), h('th', {}, 'Outcome'))), h('tbody', {}, ...rows)),
  );
}
