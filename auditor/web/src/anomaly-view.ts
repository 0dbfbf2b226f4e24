import type { AnomaliesAnswer } from './api-types';
import { h, replace, svgFrom } from './dom';
import { shortId } from './format';
import type { Navigator } from './navigation';

/** Audits and anomalies across the ledger: the overview chart, FIG. 15 for the most anomalous audit, flagged audits. */
export function renderAnomalies(panel: HTMLElement, answer: AnomaliesAnswer, nav: Navigator, reload: () => void): void {
  const flagged = answer.audits.filter((audit) => audit.score?.flagged ?? audit.recorded.at(-1)?.flagged ?? false);
  const refresh = h('button', { type: 'button', className: 'small' }, 'Refresh');
  refresh.addEventListener('click', reload);
  replace(
    panel,
    h('h2', {}, 'Audits and anomalies ', refresh),
    h('p', { className: 'meta' }, `${answer.audits.length} finalized audit(s); scored against at least ${answer.minHistory} earlier audits of the same lender; flagged beyond |z| = ${answer.threshold}.`),
    h('figure', { className: 'drawing', id: 'audits-chart' }, svgFrom(answer.chartSvg)),
    answer.focus ? h('figure', { className: 'drawing', id: 'fig15' }, svgFrom(answer.focus.chartSvg), h('figcaption', {}, `FIG. 15 for audit ${shortId(answer.focus.auditId)}`)) : undefined,
    flagged.length > 0
      ? h(
          'ul',
          { className: 'flagged' },
          ...flagged.map((audit) => {
            const open = h('button', { type: 'button', className: 'link' }, shortId(audit.auditId, 16));
            open.addEventListener('click', () => nav.openAudit(audit.auditId));
            return h('li', {}, open, ` lot ${audit.lotId}, ${audit.outcome}`, audit.score ? `, max |z| ${audit.score.maxAbsZ.toFixed(2)} on ${audit.score.topFeature}` : '');
          }),
        )
      : h('p', { className: 'muted' }, 'No audit flagged as anomalous.'),
  );
}
