/** Building blocks shared by the pages: page frame, tables, messages, toasts and dialogs, all with UI5 Web Components. */
import { ApiError, type Problem } from '../api';
import { announce, h, type Child } from '../dom';
import { withTableKeyboard } from './table-keyboard';
import { t } from '../i18n';

export interface Crumb {
  readonly text: string;
  readonly href?: string;
}

/** A page: breadcrumbs, an h1 that takes focus after navigation, header actions, content. */
export function page(
  options: { title: string; crumbs?: readonly Crumb[]; actions?: readonly Child[]; subtitle?: Child },
  ...content: Child[]
): HTMLElement {
  const crumbs = options.crumbs?.length
    ? h(
        'ui5-breadcrumbs',
        { accessibleName: t('kit.breadcrumbs') },
        ...options.crumbs.map((c) => h('ui5-breadcrumbs-item', c.href ? { href: c.href } : {}, c.text)),
        h('ui5-breadcrumbs-item', {}, options.title),
      )
    : null;
  return h(
    'main',
    { class: 'page', attrs: { 'aria-labelledby': 'page-title' } },
    crumbs,
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        { class: 'grow' },
        h('h1', { id: 'page-title', class: 'page-title', attrs: { tabindex: -1 } }, options.title),
        options.subtitle ? h('div', { class: 'muted' }, options.subtitle) : null,
      ),
      ...(options.actions ?? []),
    ),
    ...content,
  );
}

export function section(title: string, id: string, ...content: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'section', attrs: { 'aria-labelledby': id } },
    h('h2', { id, class: 'section-title' }, title),
    ...content,
  );
}

export interface Column {
  readonly header: string;
  readonly minWidth?: string;
  readonly width?: string;
  /** Higher stays in the row longer when the table is narrow; others pop in under it. */
  readonly importance?: number;
}

/**
 * A ui5-table that pops columns in under the row when the window is narrow; Tab reaches every control of its rows
 * and Enter on a row opens it (table-keyboard.ts).
 */
export function table(options: {
  accessibleName: string;
  columns: readonly Column[];
  rows: readonly (readonly Child[])[];
  noDataText: string;
  id?: string;
}): HTMLElement {
  const element = h(
    'ui5-table',
    {
      accessibleName: options.accessibleName,
      overflowMode: 'Popin',
      noDataText: options.noDataText,
      ...(options.id ? { id: options.id } : {}),
    },
    h(
      'ui5-table-header-row',
      { slot: 'headerRow' },
      ...options.columns.map((c) =>
        h(
          'ui5-table-header-cell',
          {
            ...(c.minWidth ? { minWidth: c.minWidth } : {}),
            ...(c.width ? { width: c.width } : {}),
            importance: c.importance ?? 0,
            popinText: c.header,
          },
          // a column of row actions shows no title, but screen readers get one (axe's empty-table-header)
          c.header || h('span', { class: 'visually-hidden' }, t('kit.actions')),
        ),
      ),
    ),
    ...options.rows.map((cells) => h('ui5-table-row', {}, ...cells.map((cell) => h('ui5-table-cell', {}, cell)))),
  );
  return withTableKeyboard(element);
}

export function strip(design: 'Information' | 'Positive' | 'Negative' | 'Critical', ...content: Child[]): HTMLElement {
  return h('ui5-message-strip', { design, hideCloseButton: true }, ...content);
}

/** A message strip the person may close (its × button): a message about something that happened, not a standing fact. */
export function closableStrip(
  design: 'Information' | 'Positive' | 'Negative' | 'Critical',
  ...content: Child[]
): HTMLElement {
  const element = h('ui5-message-strip', { design }, ...content);
  element.addEventListener('close', () => element.remove());
  return element;
}

export function problems(list: readonly Problem[]): HTMLElement {
  return h(
    'ul',
    { class: 'problems' },
    ...list.map((p) =>
      h(
        'li',
        {},
        p.rule ? h('strong', {}, `${p.rule}: `) : null,
        p.message,
        p.path && p.path !== '$' ? [' ', h('code', {}, `(${p.path})`)] : null,
      ),
    ),
  );
}

/** A message strip for a failed call, with the fields the server named. */
export function errorStrip(error: unknown, options: { closable?: boolean } = {}): HTMLElement {
  const make = options.closable ? closableStrip : strip;
  if (error instanceof ApiError) {
    return make(
      'Negative',
      h('div', { class: 'stack' }, h('span', {}, error.message), error.details.length ? problems(error.details) : null),
    );
  }
  return make('Negative', t('kit.pageError'));
}

/** A short confirmation at the bottom of the screen, also said to screen readers. */
export function toast(text: string): void {
  const element = h<HTMLElement & { open: boolean }>('ui5-toast', { duration: 4000, placement: 'BottomCenter' }, text);
  document.body.appendChild(element);
  element.addEventListener('close', () => element.remove());
  element.open = true;
  announce(text);
}

export type Dialog = HTMLElement & { open: boolean; headerText: string };

/**
 * Opens a ui5-dialog (focus is trapped in it; Escape closes it) and removes it once closed. `footer` gets
 * the buttons; the first focusable element of `initialFocus` (an id) is focused first.
 */
export function openDialog(options: {
  title: string;
  content: Child[];
  footer: Child[];
  initialFocus?: string;
  state?: 'None' | 'Negative' | 'Critical';
}): Dialog {
  const dialog = h<Dialog>(
    'ui5-dialog',
    {
      headerText: options.title,
      accessibleName: options.title,
      ...(options.initialFocus ? { initialFocus: options.initialFocus } : {}),
      ...(options.state ? { state: options.state } : {}),
    },
    h('div', { class: 'dialog-body' }, ...options.content),
    h('div', { slot: 'footer', class: 'dialog-footer' }, ...options.footer),
  );
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.appendChild(dialog);
  dialog.open = true;
  return dialog;
}

export function button(text: string, onClick: () => void, props: Record<string, unknown> = {}): HTMLElement {
  return h('ui5-button', { ...props, on: { click: onClick } }, text);
}

export function iconButton(
  icon: string,
  label: string,
  onClick: () => void,
  props: Record<string, unknown> = {},
): HTMLElement {
  return h('ui5-button', {
    icon,
    design: 'Transparent',
    accessibleName: label,
    tooltip: label,
    ...props,
    on: { click: onClick },
  });
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirm(options: { title: string; text: Child[]; confirmText: string }): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const finish = (yes: boolean) => {
      if (answered) return;
      answered = true;
      resolve(yes);
      dialog.open = false;
    };
    const dialog = openDialog({
      title: options.title,
      state: 'Critical',
      content: options.text,
      initialFocus: 'confirm-cancel',
      footer: [
        button(options.confirmText, () => finish(true), { design: 'Negative', id: 'confirm-ok' }),
        button(t('kit.cancel'), () => finish(false), { design: 'Transparent', id: 'confirm-cancel' }),
      ],
    });
    dialog.addEventListener('close', () => finish(false));
  });
}

export function busy(text = t('kit.loading')): HTMLElement {
  return h('div', { class: 'page' }, h('ui5-busy-indicator', { active: true, size: 'M', text }));
}

export function facts(pairs: readonly (readonly [string, Child])[]): HTMLElement {
  return h('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function link(text: string, href: string, props: Record<string, unknown> = {}): HTMLElement {
  return h('ui5-link', { href, ...props }, text);
}

/**
 * An illustrated message for a table's noData slot: NoSearchResults for a search without results, else NoData. The
 * illustrations themselves load with the table toolbar's or the Security pages' assets.
 */
export function emptyState(title: string, subtitle: string, search = false): HTMLElement {
  return h('ui5-illustrated-message', {
    slot: 'noData',
    name: search ? 'NoSearchResults' : 'NoData',
    design: 'Spot',
    titleText: title,
    subtitleText: subtitle,
  });
}
