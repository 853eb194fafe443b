/**
 * A tiny element builder: properties are set as properties (UI5 Web Components read them so), `attrs` as
 * attributes, `on` as event listeners. Text is always a text node: nothing here parses HTML.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

export interface Props {
  readonly id?: string;
  readonly class?: string;
  readonly slot?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined | null>>;
  readonly on?: Readonly<Record<string, (event: Event) => void>>;
  readonly [property: string]: unknown;
}

export function h<T extends HTMLElement = HTMLElement>(tag: string, props: Props = {}, ...children: Child[]): T {
  const element = document.createElement(tag) as T;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'id' || key === 'slot') element.setAttribute(key, String(value));
    else if (key === 'class') element.className = String(value);
    else if (key === 'attrs') {
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || v === null || v === false) continue;
        element.setAttribute(name, v === true ? '' : String(v));
      }
    } else if (key === 'on') {
      for (const [name, listener] of Object.entries(value as Record<string, (event: Event) => void>))
        element.addEventListener(name, listener);
    } else (element as unknown as Record<string, unknown>)[key] = value;
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else
      parent.appendChild(
        typeof child === 'string' || typeof child === 'number'
          ? document.createTextNode(String(child))
          : (child as Node),
      );
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Says something to screen readers through the page's polite live region. */
export function announce(text: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  window.setTimeout(() => (live.textContent = text), 50);
}
