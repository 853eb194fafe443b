/**
 * The audit log (calm-keys administrators): every change and every read of a secret, newest first (GET
 * /audit/v1/events). People filter by choice, not by code: tenants by name (GET /audit/v1/tenants), actors by
 * user name, actions in words (several at once), and a date range in the browser's calendar; times are shown
 * to the second in the browser's locale. *Export CSV* writes every event the filters match. Filters live in
 * the URL, so a filtered view can be shared.
 */
import '@ui5/webcomponents/dist/DateRangePicker.js';
import '@ui5/webcomponents/dist/MultiComboBox.js';
import '@ui5/webcomponents/dist/MultiComboBoxItem.js';
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { mayReadAuditLog } from '../session';
import { timeElement, withLocalTimes } from '../ui/date-time';
import { button, errorStrip, page, strip, table, toast } from '../ui/kit';
import { actionName, auditActionNames, outcomeName } from './audit-actions';
import { auditCsv } from './audit-csv';
import { intlLocale, plural, t } from '../i18n';

type AuditEvent = Schemas['AuditEvent'];
type Select = HTMLElement & { value: string };
type MultiComboBox = HTMLElement & { selectedValues: string[] };
type DateRange = HTMLElement & { value: string };
/** The filters of GET /audit/v1/events the page sets. */
interface Query {
  tenantId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

const PAGE = 100;
/** The CSV export pages through at most this many events (1000 a request). */
const EXPORT_LIMIT = 20_000;

/** A calendar day of the URL (`2026-12-03`) as the local midnight it starts with. */
function localDay(text: string | null): Date | null {
  const m = text ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}
const dayText = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const nextDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);

export async function auditPage(query: URLSearchParams): Promise<HTMLElement> {
  if (!mayReadAuditLog()) return page({ title: t('audit.title') }, strip('Information', t('audit.forAdmins')));
  const [users, tenants] = await Promise.all([
    answer(api.GET('/access/v1/users')).then((r) => r.users),
    answer(api.GET('/audit/v1/tenants')).then((r) => r.tenants),
  ]);
  const tenant = h<Select>(
    'ui5-select',
    { id: 'filter-tenant', accessibleName: t('audit.tenant') },
    h('ui5-option', { value: '', selected: !query.get('tenantId') }, t('audit.allTenants')),
    ...tenants.map((x) => h('ui5-option', { value: x.id, selected: query.get('tenantId') === x.id }, x.name)),
  );
  const actor = h<Select>(
    'ui5-select',
    { id: 'filter-actor', accessibleName: t('audit.actor') },
    h('ui5-option', { value: '', selected: !query.get('actorId') }, t('audit.anyone')),
    ...users.map((u) => h('ui5-option', { value: u.id, selected: query.get('actorId') === u.id }, u.username)),
  );
  const chosenActions = (query.get('action') ?? '').split(',').filter((a) => a !== '');
  const actions = h<MultiComboBox>(
    'ui5-multi-combobox',
    {
      id: 'filter-action',
      accessibleName: t('audit.actions'),
      placeholder: t('audit.allActions'),
      showClearIcon: true,
    },
    ...Object.entries(auditActionNames())
      .sort(([, a], [, b]) => a.localeCompare(b, intlLocale()))
      .map(([code, name]) => h('ui5-mcb-item', { text: name, value: code, tooltip: code })),
  );
  actions.selectedValues = chosenActions;
  // the days are read and written as yyyy-MM-dd (the URL's form); the field shows them in the browser's locale
  const fromDay = localDay(query.get('from'));
  const toDay = localDay(query.get('to')) ?? fromDay;
  const range = h<DateRange>('ui5-daterange-picker', {
    id: 'filter-dates',
    accessibleName: t('audit.dateRange'),
    valueFormat: 'yyyy-MM-dd',
    displayFormat: 'medium',
    ...(fromDay && toDay ? { value: `${dayText(fromDay)} - ${dayText(toDay)}` } : {}),
  });
  const area = h('div', { attrs: { 'aria-live': 'polite' } });
  const count = h('span', { class: 'muted', id: 'audit-count' });
  const more = h('div', { class: 'toolbar' });
  const messages = h('div', { class: 'strips' });
  let events: AuditEvent[] = [];

  /** The filters as the API takes them: days are the browser's local days, sent as instants. */
  /** The chosen days: the picker's value is `yyyy-MM-dd - yyyy-MM-dd` (valueFormat), or one day. */
  function days(): { start: Date | null; end: Date | null } {
    const [first, second] = (range.value ?? '').split(/\s+-\s+/);
    const start = localDay(first?.trim() ?? null);
    return { start, end: localDay(second?.trim() ?? null) ?? start };
  }

  function filters(): Query {
    const { start, end } = days();
    return {
      ...(tenant.value ? { tenantId: tenant.value } : {}),
      ...(actor.value ? { actorId: actor.value } : {}),
      ...(actions.selectedValues.length ? { action: actions.selectedValues.join(',') } : {}),
      ...(start ? { from: start.toISOString() } : {}),
      ...(end ? { to: nextDay(end).toISOString() } : {}),
    };
  }

  async function fetchPage(beforeSeq?: number, limit = PAGE): Promise<AuditEvent[]> {
    const q = { ...filters(), limit, ...(beforeSeq ? { beforeSeq } : {}) };
    return (await answer(api.GET('/audit/v1/events', { params: { query: q } }))).events;
  }

  async function load(append = false): Promise<void> {
    try {
      const next = await fetchPage(append ? events.at(-1)?.seq : undefined);
      events = append ? [...events, ...next] : next;
      replace(area, render(events));
      count.textContent = t(
        events.length === 1 ? 'audit.eventsOne' : 'audit.eventsOther',
        events.length,
        next.length === PAGE ? '+' : '',
      );
      replace(
        more,
        next.length === PAGE ? button(t('audit.loadMore'), () => void load(true), { id: 'audit-more' }) : null,
      );
    } catch (error) {
      replace(area, errorStrip(error));
    }
  }

  function apply(): void {
    const p = new URLSearchParams();
    const f = filters();
    if (f.tenantId) p.set('tenantId', f.tenantId);
    if (f.actorId) p.set('actorId', f.actorId);
    if (f.action) p.set('action', f.action);
    const { start, end } = days();
    if (start) p.set('from', dayText(start));
    if (end) p.set('to', dayText(end));
    window.history.replaceState(null, '', `#/audit${p.toString() ? `?${p.toString()}` : ''}`);
    events = [];
    void load();
  }

  /** Every event the filters match (not only the rows on the page), as a CSV file. */
  async function exportCsv(): Promise<void> {
    try {
      const all: AuditEvent[] = [];
      for (;;) {
        const next = await fetchPage(all.at(-1)?.seq, 1000);
        all.push(...next);
        if (next.length < 1000 || all.length >= EXPORT_LIMIT) break;
      }
      const blob = new Blob([auditCsv(all)], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const a = h<HTMLAnchorElement>('a', { href: url, download: `audit-log-${dayText(new Date())}.csv` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(plural(all.length, 'audit.exportedOne', 'audit.exportedOther'));
      replace(messages, all.length >= EXPORT_LIMIT ? strip('Critical', t('audit.exportLimit', EXPORT_LIMIT)) : null);
    } catch (error) {
      replace(messages, errorStrip(error, { closable: true }));
    }
  }

  for (const el of [tenant, actor, range]) el.addEventListener('change', apply);
  actions.addEventListener('selection-change', apply);

  await load();
  return page(
    { title: t('audit.title'), subtitle: t('audit.subtitle') },
    h(
      'div',
      { class: 'toolbar audit-filters', attrs: { role: 'search', 'aria-label': t('audit.filterName') } },
      h('ui5-label', { for: 'filter-tenant' }, t('audit.tenant')),
      tenant,
      h('ui5-label', { for: 'filter-actor' }, t('audit.actor')),
      actor,
      h('ui5-label', { for: 'filter-action' }, t('audit.actions')),
      actions,
      h('ui5-label', { for: 'filter-dates' }, t('audit.dates')),
      range,
      button(
        t('audit.clear'),
        () => {
          tenant.value = '';
          actor.value = '';
          actions.selectedValues = [];
          range.value = '';
          apply();
        },
        { design: 'Transparent', id: 'audit-clear' },
      ),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('span', { class: 'grow' }, count),
      button(t('audit.exportCsv'), () => void exportCsv(), { icon: 'download', id: 'audit-export' }),
    ),
    messages,
    area,
    more,
  );
}

function render(events: readonly AuditEvent[]): HTMLElement {
  return table({
    id: 'audit-table',
    accessibleName: t('audit.events'),
    noDataText: t('audit.noEvents'),
    columns: [
      { header: t('audit.colTime'), minWidth: '10rem', importance: 5 },
      { header: t('audit.colAction'), minWidth: '12rem', importance: 10 },
      { header: t('audit.colOutcome'), minWidth: '6rem', importance: 4 },
      { header: t('audit.colActor'), minWidth: '7rem' },
      { header: t('audit.colTenant'), minWidth: '8rem' },
      { header: t('audit.colDetails'), minWidth: '14rem' },
    ],
    rows: events.map((e) => [
      timeElement(e.at, 'seconds'),
      h('span', { attrs: { title: e.action } }, actionName(e.action)),
      h(
        'ui5-tag',
        { design: e.outcome === 'success' ? 'Positive' : e.outcome === 'denied' ? 'Critical' : 'Negative' },
        outcomeName(e.outcome),
      ),
      e.actor.name || e.actor.type,
      e.tenantId ? (e.tenantName ?? t('audit.deletedTenant')) : '—',
      h('span', { class: 'muted' }, summarize(e.details)),
    ]),
  });
}

/** Details as `name: value` pairs; times among them in the browser's locale. */
function summarize(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => {
      const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return `${k}: ${withLocalTimes(text)}`;
    })
    .join('; ')
    .slice(0, 300);
}
