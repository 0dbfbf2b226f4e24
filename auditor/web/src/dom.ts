/** Small DOM helpers: text goes in as text nodes (never parsed), markup only as server-rendered SVG. */

export type Child = Node | string | number | undefined | null | false;
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

/**
 * An SVG drawing the gateway rendered (ledger text escaped there), parsed as XML so nothing in it is
 * treated as HTML; the page's CSP allows no inline script either way.
 */
export function svgFrom(markup: string): Element {
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
    return h('p', { className: 'error' }, 'The drawing could not be read.');
  }
  for (const script of Array.from(root.getElementsByTagName('script'))) script.remove();
  return document.importNode(root, true);
}

/** A definition list from label/value pairs, leaving out the missing ones. */
export function facts(entries: readonly (readonly [string, Child])[]): HTMLDListElement {
  const list = h('dl', { className: 'facts' });
  for (const [term, value] of entries) {
    if (value === undefined || value === null || value === false || value === '') continue;
    append(list, h('dt', {}, term), h('dd', {}, value));
  }
  return list;
}
