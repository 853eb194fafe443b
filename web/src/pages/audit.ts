/**
 * The audit log (calm-keys administrators): every change and every read of a secret, newest first, filtered
 * by tenant, actor and action (GET /audit/v1/events). Filters live in the URL, so a filtered view can be shared.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { mayReadAuditLog } from '../session';
import { formatDateTime } from '../ui/format';
import { button, errorStrip, page, strip, table } from '../ui/kit';

type AuditEvent = Schemas['AuditEvent'];
type Input = HTMLElement & { value: string };
type Select = HTMLElement & { value: string };
const PAGE = 100;

export async function auditPage(query: URLSearchParams): Promise<HTMLElement> {
  if (!mayReadAuditLog())
    return page({ title: 'Audit Log' }, strip('Information', 'The audit log is for calm-keys administrators.'));
  const users = (await answer(api.GET('/access/v1/users'))).users;
  const tenant = h<Input>('ui5-input', {
    id: 'filter-tenant',
    accessibleName: 'Tenant ID',
    placeholder: 'any tenant',
    value: query.get('tenantId') ?? '',
    showClearIcon: true,
  });
  const action = h<Input>('ui5-input', {
    id: 'filter-action',
    accessibleName: 'Action',
    placeholder: 'e.g. lm.service_key.uploaded',
    value: query.get('action') ?? '',
    showClearIcon: true,
  });
  const actor = h<Select>(
    'ui5-select',
    { id: 'filter-actor', accessibleName: 'Actor' },
    h('ui5-option', { value: '', selected: !query.get('actorId') }, 'anyone'),
    ...users.map((u) => h('ui5-option', { value: u.id, selected: query.get('actorId') === u.id }, u.username)),
  );
  const area = h('div', { attrs: { 'aria-live': 'polite' } });
  const more = h('div', { class: 'toolbar' });
  let events: AuditEvent[] = [];

  const params = (beforeSeq?: number) => {
    const p = new URLSearchParams();
    if (tenant.value.trim()) p.set('tenantId', tenant.value.trim());
    if (actor.value) p.set('actorId', actor.value);
    if (action.value.trim()) p.set('action', action.value.trim());
    p.set('limit', String(PAGE));
    if (beforeSeq) p.set('beforeSeq', String(beforeSeq));
    return p;
  };

  async function load(append = false): Promise<void> {
    try {
      const last = events.at(-1);
      const query = Object.fromEntries(params(append && last ? last.seq : undefined));
      const next = (
        await answer(
          api.GET('/audit/v1/events', {
            params: {
              query: { ...query, limit: PAGE, ...(query.beforeSeq ? { beforeSeq: Number(query.beforeSeq) } : {}) },
            },
          }),
        )
      ).events;
      events = append ? [...events, ...next] : next;
      replace(area, render(events));
      replace(more, next.length === PAGE ? button('Load More', () => void load(true), { id: 'audit-more' }) : null);
    } catch (error) {
      replace(area, errorStrip(error));
    }
  }

  function apply(): void {
    const p = params();
    p.delete('limit');
    window.history.replaceState(null, '', `#/audit${p.toString() ? `?${p.toString()}` : ''}`);
    events = [];
    void load();
  }

  for (const input of [tenant, action])
    input.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && apply());
  actor.addEventListener('change', apply);

  await load();
  return page(
    { title: 'Audit Log', subtitle: 'Changes, sign-ins and every read of a secret; never the secret itself' },
    h(
      'div',
      { class: 'toolbar', attrs: { role: 'search', 'aria-label': 'Filter the audit log' } },
      h('ui5-label', { for: 'filter-tenant' }, 'Tenant'),
      tenant,
      h('ui5-label', { for: 'filter-actor' }, 'Actor'),
      actor,
      h('ui5-label', { for: 'filter-action' }, 'Action'),
      action,
      button('Apply', apply, { design: 'Emphasized', id: 'audit-apply' }),
      button(
        'Clear',
        () => {
          tenant.value = '';
          action.value = '';
          actor.value = '';
          apply();
        },
        { design: 'Transparent' },
      ),
    ),
    area,
    more,
  );
}

function render(events: readonly AuditEvent[]): HTMLElement {
  return table({
    accessibleName: 'Audit events',
    noDataText: 'No events match these filters.',
    columns: [
      { header: 'Time', minWidth: '9rem', importance: 5 },
      { header: 'Action', minWidth: '12rem', importance: 10 },
      { header: 'Outcome', minWidth: '6rem', importance: 4 },
      { header: 'Actor', minWidth: '7rem' },
      { header: 'Tenant', minWidth: '8rem' },
      { header: 'Details', minWidth: '14rem' },
    ],
    rows: events.map((e) => [
      formatDateTime(e.at),
      h('code', {}, e.action),
      h(
        'ui5-tag',
        { design: e.outcome === 'success' ? 'Positive' : e.outcome === 'denied' ? 'Critical' : 'Negative' },
        e.outcome,
      ),
      e.actor.name || e.actor.type,
      e.tenantId ? h('code', {}, e.tenantId.slice(0, 8)) : '—',
      h('span', { class: 'muted' }, summarize(e.details)),
    ]),
  });
}

function summarize(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ')
    .slice(0, 300);
}
