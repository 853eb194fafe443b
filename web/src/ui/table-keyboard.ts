/**
 * The keyboard model of every table (kit.ts `table`), on top of UI5's: arrow keys move between rows and cells as
 * UI5 does, and in addition
 * - Tab on a row or cell moves on to the next control of the table (the row's link, its row actions: display,
 *   download, delete, Test), and from there through every control of the rows in reading order; after the last
 *   one, out of the table. UI5 alone sends Tab from a focused row straight out of the table, so a keyboard user
 *   never reached the row actions.
 * - Shift+Tab walks back the same way;
 * - Enter on a row opens it: it follows the row's first link (the name that opens the account, instance,
 *   tenant or object), as a click on the name would.
 */

/** What counts as a control in a cell: the UI5 ones the pages put there, and plain links and buttons. */
const CONTROLS =
  'ui5-link, ui5-button, ui5-toggle-button, ui5-checkbox, ui5-switch, ui5-select, ui5-input, a[href], button';
const ROW_OR_CELL = new Set(['ui5-table-row', 'ui5-table-cell', 'ui5-table-header-row', 'ui5-table-header-cell']);

function usable(control: Element): control is HTMLElement {
  if (!(control instanceof HTMLElement) || control.hidden || control.closest('[hidden]')) return false;
  if ((control as HTMLElement & { disabled?: boolean }).disabled) return false;
  return control.getClientRects().length > 0;
}

/** The table's controls in document (reading) order: row by row, cell by cell. */
function controlsOf(table: HTMLElement): HTMLElement[] {
  return [...table.querySelectorAll('ui5-table-row')].flatMap((row) =>
    [...row.querySelectorAll(CONTROLS)].filter(usable),
  );
}

const follows = (reference: Element, other: Element) =>
  (reference.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;

function onKeyDown(table: HTMLElement, event: KeyboardEvent): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const origin = event.composedPath()[0];
  if (!(origin instanceof HTMLElement) || !ROW_OR_CELL.has(origin.localName)) return;

  if (event.key === 'Tab') {
    const controls = controlsOf(table);
    const next = event.shiftKey
      ? controls.filter((c) => !origin.contains(c) && !follows(origin, c)).at(-1)
      : controls.find((c) => origin.contains(c) || follows(origin, c));
    // nothing more in that direction: UI5 moves focus out of the table
    if (!next) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    next.focus();
    return;
  }

  if (event.key === 'Enter' && origin.localName === 'ui5-table-row') {
    const first = origin.querySelector<HTMLElement & { href?: string }>('ui5-link, a[href]');
    const href = first?.href || first?.getAttribute('href');
    if (!href) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    window.location.assign(href);
  }
}

/** Adds the model above to a ui5-table; runs before UI5's own handlers (capture phase on the host). */
export function withTableKeyboard(table: HTMLElement): HTMLElement {
  table.addEventListener('keydown', (event) => onKeyDown(table, event), { capture: true });
  return table;
}
