import { links } from './api';
import type { Trail, TrailEntry } from './api-types';
import { append, facts, h, replace, type Child } from './dom';
import { shortId, utc } from './format';
import type { Navigator } from './navigation';
import { relatedOfKeys, type Related } from './related';

const KIND_LABELS: Readonly<Record<string, string>> = { vin: 'VIN', device: 'device', pairing: 'pairing', ride: 'ride', audit: 'VIN audit' };

export function relatedButton(related: Related, nav: Navigator): HTMLButtonElement {
  const label = related.kind === 'lot' ? `Lot ${related.id}` : `${KIND_LABELS[related.kind] ?? related.kind} ${shortId(related.id)}`;
  const button = h('button', { type: 'button', className: `related related-${related.kind}`, 'data-kind': related.kind, 'data-id': related.id, title: related.id }, label);
  button.addEventListener('click', () => {
    if (related.kind === 'lot') nav.openLot(related.id);
    else if (related.kind === 'audit') nav.openAudit(related.id);
    else nav.openEntity(related.kind, related.id);
  });
  return button;
}

function orgChips(names: readonly { mspId: string }[]): Child {
  const orgs = [...new Set(names.map((name) => name.mspId).filter(Boolean))];
  return orgs.length === 0 ? '–' : h('span', { className: 'chips' }, ...orgs.map((org) => h('span', { className: 'chip org' }, org)));
}

function entryItem(trail: Trail, entry: TrailEntry, highlight: ReadonlySet<string>): HTMLLIElement {
  const valid = entry.validation === 'VALID';
  // Prove the most telling write: the entity's own record, else a related record, else an index entry.
  const evidenceKey = ['record', 'related', 'index'].map((role) => entry.touched.find((touched) => touched.role === role)).find(Boolean) ?? entry.touched[0];
  const devices = entry.devices.length === 0
    ? '–'
    : h('ul', { className: 'devices' }, ...entry.devices.map((device) => h('li', {}, h('code', {}, device.device), ` signed ${device.action}`)));
  const submitter = entry.submitter.mspId ? `${entry.submitter.mspId}${entry.submitter.commonName ? ` (${entry.submitter.commonName})` : ''}` : '–';
  return h(
    'li',
    {
      className: `tx ${valid ? 'valid' : 'invalid'}${highlight.has(entry.txId) ? ' fresh' : ''}`,
      'data-tx-id': entry.txId,
      'data-block': entry.blockNumber,
      'data-validation': entry.validation,
    },
    h(
      'div',
      { className: 'tx-head' },
      h('span', { className: 'block-number' }, `Block ${entry.blockNumber}`, h('span', { className: 'muted' }, ` · tx ${entry.txNumber}`)),
      h('time', { datetime: entry.timestamp ?? '' }, utc(entry.timestamp)),
      h('span', { className: `validation ${valid ? 'ok' : 'bad'}`, title: `validation code ${entry.validationCode}` }, entry.validation),
    ),
    h('div', { className: 'tx-function' }, entry.function ?? '(no function)'),
    facts([
      ['txID', h('code', { className: 'tx-id' }, entry.txId)],
      ['Submitted by', submitter],
      ['Devices', devices],
      ['Endorsed by', orgChips(entry.endorsers)],
      ['Keys', h('span', { className: 'keys' }, entry.touched.map((touched) => `${touched.isDelete ? 'deleted ' : ''}${touched.display}`).join(', '))],
      ['Check', entry.historyMatchesBlock ? undefined : h('span', { className: 'warning' }, 'the key history names this transaction but its block does not write the key')],
    ]),
    evidenceKey && valid
      ? h('a', { className: 'evidence', href: links.evidence(trail.kind, trail.id, evidenceKey.display, entry.txId), download: '' }, 'Download evidence bundle')
      : undefined,
  );
}

/** The trail as a timeline, newest first, with the entities it leads to. */
export function renderTrail(panel: HTMLElement, trail: Trail, nav: Navigator, highlight: ReadonlySet<string> = new Set()): void {
  const related = relatedOfKeys(trail.keys.map((key) => key.display)).filter((entry) => !(entry.kind === trail.kind && entry.id.toLowerCase() === trail.id.toLowerCase()));
  const entries = [...trail.transactions].reverse();
  replace(
    panel,
    h('h2', { id: 'trail-title' }, `Trail of ${KIND_LABELS[trail.kind] ?? trail.kind} `, h('code', {}, trail.id)),
    h(
      'p',
      { className: 'meta', id: 'trail-meta' },
      `${trail.transactions.length} transaction(s) over ${trail.keys.length} key(s); blocks from ${trail.source}`,
      trail.truncated ? ' (key list truncated by the chaincode)' : '',
    ),
    related.length > 0 ? h('div', { className: 'related-list' }, h('span', { className: 'muted' }, 'Related: '), ...related.map((entry) => relatedButton(entry, nav))) : undefined,
    entries.length === 0 ? h('p', { className: 'muted' }, 'No transactions touched this entity.') : undefined,
  );
  const list = h('ol', { className: 'timeline', id: 'trail' });
  append(list, ...entries.map((entry) => entryItem(trail, entry, highlight)));
  append(panel, list);
}
