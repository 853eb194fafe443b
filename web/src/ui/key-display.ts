/**
 * A service key shown as the BTP cockpit shows it: a Form view (one labelled line per field) and a JSON view
 * (the key in a monospace font), switched with a segmented button, with *Copy* for the client id and for the
 * JSON. Shared by Landscape Management's display dialog and the BTP cockpit's. What is shown is what the
 * caller passes: masked content until the page itself asks for the secret.
 */
import '@ui5/webcomponents/dist/SegmentedButton.js';
import '@ui5/webcomponents/dist/SegmentedButtonItem.js';
import { h, replace } from '../dom';
import { pretty } from './format';
import { toast } from './kit';
import { t } from '../i18n';

type View = 'form' | 'json';

export interface KeyDisplay {
  readonly element: HTMLElement;
  /** The key to show: its JSON (an object, or the file's text as uploaded); undefined while loading or closed. */
  show(content: unknown): void;
}

/** Copies text to the clipboard, saying so; a refusal of the browser says what to do instead. */
export function copyText(text: string, what: string): void {
  void navigator.clipboard.writeText(text).then(
    () => toast(t('keyDisplay.copied', what)),
    () => toast(t('keyDisplay.copyFailed')),
  );
}

export function copyButton(label: string, text: () => string, id: string, what = label): HTMLElement {
  return h(
    'ui5-button',
    {
      icon: 'copy',
      design: 'Transparent',
      id,
      accessibleName: t('keyDisplay.copyLabel', label),
      tooltip: t('keyDisplay.copyLabel', label),
      on: { click: () => copyText(text(), what) },
    },
    t('keyDisplay.copy'),
  );
}

/** The key's fields as dotted paths (`endpoints.Api`), in the file's order, for the Form view. */
function fields(value: unknown, prefix = ''): [string, string][] {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      fields(v, prefix ? `${prefix}.${k}` : k),
    );
  if (Array.isArray(value))
    return [[prefix, value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')]];
  return [[prefix, value === null ? 'null' : String(value)]];
}

/** A cf v8 wrapper (`{"credentials": {...}}`) holds the key one level down. */
function clientIdOf(key: unknown): string | undefined {
  if (!key || typeof key !== 'object') return undefined;
  const o = key as Record<string, unknown>;
  if (typeof o.clientid === 'string') return o.clientid;
  if (typeof o.uaa === 'object') return clientIdOf(o.uaa);
  if (typeof o.credentials === 'object') return clientIdOf(o.credentials);
  return undefined;
}

export function keyDisplay(options: { name: string; idPrefix?: string; initialView?: View }): KeyDisplay {
  const id = (s: string) => `${options.idPrefix ?? 'key'}-${s}`;
  let view: View = options.initialView ?? 'form';
  let text = '';
  let parsed: unknown;
  const body = h('div', { class: 'key-display-body' });
  const switcher = h(
    'ui5-segmented-button',
    {
      accessibleName: t('keyDisplay.showAs'),
      id: id('view-switch'),
      on: {
        'selection-change': (event: Event) => {
          const item = (event as CustomEvent<{ selectedItems: HTMLElement[] }>).detail.selectedItems[0];
          view = item?.dataset.view === 'json' ? 'json' : 'form';
          render();
        },
      },
    },
    h(
      'ui5-segmented-button-item',
      { selected: view === 'form', attrs: { 'data-view': 'form' }, id: id('view-form') },
      t('keyDisplay.form'),
    ),
    h(
      'ui5-segmented-button-item',
      { selected: view === 'json', attrs: { 'data-view': 'json' }, id: id('view-json') },
      'JSON',
    ),
  );

  function render(): void {
    if (text === '') {
      replace(body, h('ui5-busy-indicator', { active: true, size: 'S', text: t('kit.loading') }));
      return;
    }
    if (view === 'json' || parsed === undefined) {
      replace(
        body,
        h(
          'div',
          { class: 'toolbar' },
          h('span', { class: 'grow muted' }, t('keyDisplay.keyFile')),
          copyButton(t('keyDisplay.keyJson'), () => text, id('copy-json')),
        ),
        h(
          'pre',
          {
            class: 'json',
            id: id('json'),
            attrs: { tabindex: 0, 'aria-label': t('keyDisplay.jsonName', options.name) },
          },
          text,
        ),
      );
      return;
    }
    const clientId = clientIdOf(parsed);
    let copyOffered = false; // one Copy, at the first line holding the client id
    const offerCopy = (k: string, v: string) => {
      if (copyOffered || !k.endsWith('clientid') || v !== clientId) return false;
      copyOffered = true;
      return true;
    };
    replace(
      body,
      h(
        'dl',
        { class: 'facts key-form', id: id('form') },
        ...fields(parsed).flatMap(([k, v]) => [
          h('dt', {}, k),
          h(
            'dd',
            {},
            h('code', {}, v),
            offerCopy(k, v) ? copyButton(t('keyDisplay.clientId'), () => v, id('copy-client-id')) : null,
          ),
        ]),
      ),
    );
  }

  return {
    element: h('div', { class: 'stack key-display' }, switcher, body),
    show(content: unknown) {
      if (content === undefined) {
        text = '';
        parsed = undefined;
      } else if (typeof content === 'string') {
        text = content;
        try {
          parsed = JSON.parse(content.replace(/^\uFEFF/, '')) as unknown;
        } catch {
          parsed = undefined; // not JSON: the JSON view shows the text as it is
        }
      } else {
        text = pretty(content);
        parsed = content;
      }
      render();
    },
  };
}
