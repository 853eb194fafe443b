/**
 * The toolbar of a list, as SAP's Fiori tables have it: the title with the count ("Instances (3)", while
 * searching "Instances (1 of 3)"), a search field that filters the rows in the page, a sort choice (a column and
 * a direction) and the list's actions (Create...). It holds the rows and draws the table for the rows shown;
 * an empty list and a search without results are illustrated messages (NoData, NoSearchResults) in the
 * table's noData slot.
 *
 * Keyboard: the search, the sort column, the direction and the actions are in Tab order before the table; the
 * search filters as one types (Escape or the clear icon empties it). Screen readers: the list is a section
 * named by the title, each control is labelled, and the count is said after each search (polite live region).
 * The toolbar wraps on a narrow window (the search takes the full width below 600 px).
 *
 * Its illustrations and sort icons are loaded when the first toolbar is made (`tableToolbar` is async), not with
 * the first load of the page.
 */
import { announce, h, replace, type Child } from '../dom';
import { emptyState } from './kit';

type Input = HTMLElement & { value: string };
type Select = HTMLElement & { value: string };
type Toggle = HTMLElement & { pressed: boolean; icon: string; accessibleName: string; tooltip: string };

/** A column the rows can be sorted by: what to compare (strings by the locale, numbers by value). */
export interface SortColumn<T> {
  readonly id: string;
  readonly label: string;
  readonly value: (item: T) => string | number | undefined;
}

/** The toolbar's own words; English unless a page passes others (i18n). */
export interface ToolbarTexts {
  readonly search: string;
  /** The sort column's name for screen readers: "Sort instances by". */
  readonly sortBy: (title: string) => string;
  readonly direction: string;
  readonly ascending: string;
  readonly descending: string;
  /** The illustrated message of a search that finds nothing, unless the list names its own. */
  readonly noResultsTitle: string;
  readonly noResultsSubtitle: string;
  /** "Instances (3)" */
  readonly count: (title: string, total: number) => string;
  /** "Instances (1 of 3)" */
  readonly countOf: (title: string, shown: number, total: number) => string;
}

export const ENGLISH_TOOLBAR_TEXTS: ToolbarTexts = {
  search: 'Search',
  sortBy: (title) => `Sort ${title} by`,
  direction: 'Sort direction',
  ascending: 'Ascending',
  descending: 'Descending',
  noResultsTitle: 'No matching entries',
  noResultsSubtitle: 'Try another search term.',
  count: (title, total) => `${title} (${total})`,
  countOf: (title, shown, total) => `${title} (${shown} of ${total})`,
};

let defaultTexts: ToolbarTexts = ENGLISH_TOOLBAR_TEXTS;
/** Sets the words every toolbar made from now on uses (the i18n layer calls it when the language is known). */
export function setToolbarTexts(texts: ToolbarTexts): void {
  defaultTexts = texts;
}

export interface Illustrated {
  readonly title: string;
  readonly subtitle: string;
}

export interface TableToolbarOptions<T> {
  /** Prefix of the element ids: `<id>-title`, `<id>-search`, `<id>-sort`, `<id>-direction`. */
  readonly id: string;
  /** The list's name, shown with its count: "Instances". */
  readonly title: string;
  /** The title's heading level (H2 under the page's h1, H3 in a section with its own heading). */
  readonly level?: 'H2' | 'H3';
  readonly items: readonly T[];
  /** What the search field is for, for screen readers: "Search instances by name, service or plan". */
  readonly searchLabel: string;
  /** The texts of an item the search looks in (case-insensitive, anywhere in the text). */
  readonly searchText: (item: T) => readonly (string | undefined)[];
  /** The columns to sort by; the first is the initial one unless `initialSort` names another. */
  readonly sort?: readonly SortColumn<T>[];
  readonly initialSort?: { readonly column: string; readonly descending?: boolean };
  /** The list's actions (Create...), after the search and sort. */
  readonly actions?: readonly Child[];
  /** Draws the table (kit.ts `table`) of the rows shown, in their order. */
  readonly render: (items: readonly T[]) => HTMLElement;
  /** The illustrated messages of an empty list and of a search that finds nothing. */
  readonly empty: Illustrated;
  readonly noResults?: Illustrated;
  readonly texts?: ToolbarTexts;
}

export interface TableToolbar<T> {
  /** The section: toolbar and table. */
  readonly element: HTMLElement;
  /** The table as last drawn. */
  readonly table: () => HTMLElement;
  /** New rows (after a reload); the search and the sort stay. */
  readonly update: (items: readonly T[]) => void;
  /** The rows shown now, in their order. */
  readonly shown: () => readonly T[];
}

let assets: Promise<unknown> | undefined;
/**
 * The illustrated message and its pictures, and the sort icons: a chunk of their own. One that fails to load
 * leaves the table's no-data text and a direction button without an icon (its name still says it): the page opens.
 */
export function loadToolbarAssets(): Promise<unknown> {
  assets ??= Promise.allSettled([
    import('@ui5/webcomponents-fiori/dist/IllustratedMessage.js'),
    import('@ui5/webcomponents-fiori/dist/illustrations/NoData.js'),
    import('@ui5/webcomponents-fiori/dist/illustrations/NoSearchResults.js'),
    import('@ui5/webcomponents-icons/dist/sort-ascending.js'),
    import('@ui5/webcomponents-icons/dist/sort-descending.js'),
  ]);
  return assets;
}

const collator = () => new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts a copy: strings by the browser's locale (numbers in them by value), numbers by value; empty values last. */
export function sortItems<T>(items: readonly T[], column: SortColumn<T>, descending: boolean): T[] {
  const compare = collator().compare;
  return items
    .map((item, index) => ({ item, index, value: column.value(item) }))
    .sort((a, b) => {
      const empty = Number(a.value === undefined || a.value === '') - Number(b.value === undefined || b.value === '');
      if (empty !== 0) return empty;
      const order =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : compare(String(a.value ?? ''), String(b.value ?? ''));
      return (descending ? -order : order) || a.index - b.index;
    })
    .map((entry) => entry.item);
}

/** Keeps the items one of whose texts holds every word of the search (case- and accent-insensitive). */
export function searchItems<T>(
  items: readonly T[],
  term: string,
  textsOf: (item: T) => readonly (string | undefined)[],
): T[] {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const words = fold(term).split(/\s+/).filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((item) => {
    const text = fold(textsOf(item).filter(Boolean).join('\n'));
    return words.every((word) => text.includes(word));
  });
}

/** Makes the toolbar and its table (see the top of this file). */
export async function tableToolbar<T>(options: TableToolbarOptions<T>): Promise<TableToolbar<T>> {
  await loadToolbarAssets();
  const texts = options.texts ?? defaultTexts;
  const { id } = options;
  let items = options.items;
  let shown: readonly T[] = items;
  let drawn: HTMLElement = h('div');

  const title = h('ui5-title', { level: options.level ?? 'H2', size: 'H5', id: `${id}-title` }, '');
  const search = h<Input>('ui5-input', {
    id: `${id}-search`,
    type: 'Search',
    placeholder: texts.search,
    accessibleName: options.searchLabel,
    showClearIcon: true,
    class: 'table-toolbar-search',
  });
  let lastTerm = '';
  search.addEventListener('input', () => render(true));
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && search.value) {
      // empties the search; a dialog's Escape is not ours (the toolbar is never in one)
      event.stopPropagation();
      search.value = '';
      render(true);
    }
  });

  const columns = options.sort ?? [];
  const initial = columns.find((c) => c.id === options.initialSort?.column) ?? columns[0];
  const sortSelect = columns.length
    ? h<Select>(
        'ui5-select',
        { id: `${id}-sort`, accessibleName: texts.sortBy(options.title), tooltip: texts.sortBy(options.title) },
        ...columns.map((c) => h('ui5-option', { value: c.id, selected: c === initial }, c.label)),
      )
    : null;
  const direction = columns.length
    ? h<Toggle>('ui5-toggle-button', {
        id: `${id}-direction`,
        pressed: options.initialSort?.descending ?? false,
      })
    : null;
  const showDirection = () => {
    if (!direction) return;
    const words = direction.pressed ? texts.descending : texts.ascending;
    direction.icon = direction.pressed ? 'sort-descending' : 'sort-ascending';
    direction.accessibleName = `${texts.direction}: ${words}`;
    direction.tooltip = words;
  };
  showDirection();
  sortSelect?.addEventListener('change', () => render());
  direction?.addEventListener('click', () => {
    showDirection();
    render();
  });

  const tableArea = h('div', { class: 'table-toolbar-table' });

  function render(searched = false): void {
    const term = search.value.trim();
    const found = searchItems(items, term, options.searchText);
    const column = columns.find((c) => c.id === sortSelect?.value) ?? initial;
    shown = column ? sortItems(found, column, direction?.pressed ?? false) : found;
    const count = term
      ? texts.countOf(options.title, shown.length, items.length)
      : texts.count(options.title, items.length);
    title.textContent = count;
    drawn = options.render(shown);
    const noResults = options.noResults ?? { title: texts.noResultsTitle, subtitle: texts.noResultsSubtitle };
    drawn.appendChild(
      term && items.length
        ? emptyState(noResults.title, noResults.subtitle, true)
        : emptyState(options.empty.title, options.empty.subtitle),
    );
    replace(tableArea, drawn);
    if (searched && term !== lastTerm) announce(count);
    lastTerm = term;
  }

  render();
  const element = h(
    'section',
    { class: 'section table-toolbar-section', attrs: { 'aria-labelledby': `${id}-title` } },
    h(
      'div',
      { class: 'table-toolbar', id: `${id}-toolbar` },
      h('div', { class: 'table-toolbar-title' }, title),
      h(
        'div',
        { class: 'table-toolbar-controls' },
        search,
        sortSelect ? h('div', { class: 'table-toolbar-sort' }, sortSelect, direction) : null,
        ...(options.actions ?? []),
      ),
    ),
    tableArea,
  );
  return {
    element,
    table: () => drawn,
    update: (next) => {
      items = next;
      render();
    },
    shown: () => shown,
  };
}
