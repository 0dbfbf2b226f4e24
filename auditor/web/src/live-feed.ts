import { links } from './api';
import type { LiveBlock, LiveTransaction } from './api-types';
import { h } from './dom';
import { shortId } from './format';

export interface LiveFeedOptions {
  readonly list: HTMLOListElement;
  readonly status: HTMLElement;
  readonly onBlock: (block: LiveBlock) => void;
  /** The stream failed: the page checks whether the session is still valid. */
  readonly onTrouble: () => void;
  readonly maxItems?: number;
}

function setStatus(status: HTMLElement, state: 'off' | 'connecting' | 'connected' | 'reconnecting', text: string): void {
  status.dataset.state = state;
  status.className = `live-status ${state}`;
  status.textContent = text;
}

function transactionItem(block: LiveBlock, tx: LiveTransaction): HTMLLIElement {
  const valid = tx.validation === 'VALID';
  return h(
    'li',
    { className: `live-tx ${valid ? 'valid' : 'invalid'}`, 'data-tx-id': tx.txId, 'data-block': block.blockNumber, title: [tx.txId, ...tx.keys].join('\n') },
    h('span', { className: 'block-number' }, `#${block.blockNumber}`),
    ' ',
    h('span', { className: 'tx-function' }, tx.function ?? '(config)'),
    h('br'),
    h('code', {}, shortId(tx.txId, 16)),
    ' ',
    h('span', { className: 'chip org' }, tx.submitter.mspId || '?'),
    ' ',
    h('span', { className: `validation ${valid ? 'ok' : 'bad'}` }, tx.validation),
  );
}

/** The page's view of GET /v1/auditor/live: EventSource (which resumes with Last-Event-ID by itself). */
export class LiveFeed {
  private source: EventSource | undefined;

  constructor(private readonly options: LiveFeedOptions) {}

  start(): void {
    this.stop();
    setStatus(this.options.status, 'connecting', 'live: connecting…');
    const source = new EventSource(links.live);
    this.source = source;
    source.addEventListener('live.hello', (event) => {
      const hello = JSON.parse((event as MessageEvent<string>).data) as { nextBlock: string };
      setStatus(this.options.status, 'connected', `live · from block ${hello.nextBlock}`);
    });
    source.addEventListener('block', (event) => {
      const block = JSON.parse((event as MessageEvent<string>).data) as LiveBlock;
      this.show(block);
      this.options.onBlock(block);
    });
    source.addEventListener('live.gap', (event) => {
      const gap = JSON.parse((event as MessageEvent<string>).data) as { from: string; to: string };
      this.options.list.prepend(h('li', { className: 'live-gap' }, `blocks ${gap.from}–${gap.to} were missed while disconnected`));
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      setStatus(this.options.status, 'reconnecting', 'live: reconnecting…');
      this.options.onTrouble();
    });
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    setStatus(this.options.status, 'off', 'live: off');
  }

  private show(block: LiveBlock): void {
    const { list } = this.options;
    for (const tx of block.transactions) list.prepend(transactionItem(block, tx));
    const max = this.options.maxItems ?? 60;
    while (list.children.length > max) list.lastElementChild?.remove();
  }
}
