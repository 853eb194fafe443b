/**
 * Landscape Management: the service status events of a tenant (SAP's Business Service Management: Maintenance,
 * Degradation, Disruption, Communication, Planned Availability). Recorded ones come from a Landscape
 * Administrator, who may also create and close them here; derived ones ("No data received ...") open and close
 * by themselves with the pushes of a monitored service. The server's `actions` decide what is offered.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, openDialog, page, strip, table, toast, type Dialog } from '../ui/kit';
import { currentTenant, lmCrumbs, type LmTenant } from './lm-common';

type EventList = Schemas['StatusEventList'];
type StatusEvent = Schemas['StatusEventView'];
type EventType = StatusEvent['eventType'];

const EVENT_TYPES: readonly EventType[] = [
  'Maintenance',
  'Degradation',
  'Disruption',
  'Communication',
  'Planned Availability',
];
const DESIGN: Record<EventType, string> = {
  Maintenance: 'Information',
  Degradation: 'Critical',
  Disruption: 'Negative',
  Communication: 'Neutral',
  'Planned Availability': 'Information',
};

export async function statusEventsPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  let offered: EventList['actions'] = { manage: false };
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');

  async function reload(): Promise<void> {
    try {
      const data = await answer(api.GET('/lm/v1/tenants/{tenantId}/status-events', { params: { path: { tenantId } } }));
      offered = data.actions;
      replace(
        area,
        h(
          'p',
          { class: 'muted' },
          `A monitored service without data for ${data.noDataMinutes} minutes gets a Disruption event that closes itself when data arrives again.`,
        ),
        eventsTable(data),
      );
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  async function close(event: StatusEvent): Promise<void> {
    const ok = await confirm({
      title: 'Close Status Event',
      text: [`Close "${event.title}" on ${event.serviceName}? It ends now and stays in the list as history.`],
      confirmText: 'Close Event',
    });
    if (!ok) return;
    try {
      await answer(
        api.POST('/lm/v1/tenants/{tenantId}/status-events/{eventId}/close', {
          params: { path: { tenantId, eventId: event.id } },
        }),
      );
      toast(`"${event.title}" closed.`);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  function eventsTable(data: EventList): HTMLElement {
    return table({
      id: 'status-events',
      accessibleName: 'Service status events',
      noDataText: 'No status events.',
      columns: [
        { header: 'Event', minWidth: '12rem', importance: 10 },
        { header: 'Type', minWidth: '8rem', importance: 5 },
        { header: 'Service', minWidth: '9rem', importance: 4 },
        { header: 'Time', minWidth: '12rem' },
        { header: 'Status', minWidth: '6rem', importance: 6 },
        { header: '', minWidth: '6rem' },
      ],
      rows: data.items.map((e) => [
        h(
          'div',
          { class: 'stack' },
          h('strong', {}, e.title),
          e.description ? h('span', { class: 'muted' }, e.description) : null,
        ),
        h('ui5-tag', { design: DESIGN[e.eventType] }, e.eventType),
        h('div', { class: 'stack' }, e.serviceName, h('span', { class: 'muted' }, e.type)),
        h(
          'div',
          { class: 'stack' },
          `from ${formatDateTime(e.startTime)}`,
          h('span', { class: 'muted' }, e.endTime ? `to ${formatDateTime(e.endTime)}` : 'no end yet'),
        ),
        h(
          'div',
          { class: 'stack' },
          e.status === 'open' ? 'Open' : 'Closed',
          h(
            'span',
            { class: 'muted' },
            e.source === 'derived' ? 'derived from the last push' : `by ${e.createdBy ?? ''}`,
          ),
        ),
        offered.manage && e.status === 'open' && e.source === 'manual'
          ? button('Close', () => void close(e), { design: 'Transparent', accessibleName: `Close ${e.title}` })
          : null,
      ]),
    });
  }

  await reload();
  return page(
    {
      title: 'Service Status Events',
      crumbs: lmCrumbs(tenant),
      subtitle: `Tenant ${tenant.name} · identity zone ${tenant.identityZone}`,
      actions: [
        offered.manage
          ? button('Create', () => void createDialog(tenant, reload), {
              icon: 'add',
              id: 'create-status-event',
              accessibleName: 'Create service status event',
            })
          : null,
        h('ui5-link', { href: href(`/lm/${seg(tenantId)}`) }, 'Services and Systems'),
      ],
    },
    messages,
    area,
  );
}

type Input = HTMLElement & { value: string; valueState: string };
type Select = HTMLElement & { value: string };

async function createDialog(tenant: LmTenant, reload: () => Promise<void>): Promise<void> {
  const objects = (
    await answer(
      api.GET('/lm/v1/tenants/{tenantId}/managed-objects', { params: { path: { tenantId: tenant.tenantId } } }),
    )
  ).items;
  const messages = h('div', { class: 'strips' });
  const object = h<Select>(
    'ui5-select',
    { id: 'se-object', accessibleName: 'Service or system' },
    ...objects.map((o, i) => h('ui5-option', { value: o.id, selected: i === 0 }, o.name)),
  );
  const type = h<Select>(
    'ui5-select',
    { id: 'se-type', accessibleName: 'Event type' },
    ...EVENT_TYPES.map((t, i) => h('ui5-option', { value: t, selected: i === 0 }, t)),
  );
  const title = h<Input>('ui5-input', { id: 'se-title', required: true, accessibleName: 'Title', maxlength: 200 });
  const description = h<Input>('ui5-input', { id: 'se-description', accessibleName: 'Description', maxlength: 2000 });
  const start = h<Input>('ui5-input', {
    id: 'se-start',
    accessibleName: 'Start',
    placeholder: 'now, or 2026-12-24T08:00:00Z',
  });
  const end = h<Input>('ui5-input', {
    id: 'se-end',
    accessibleName: 'Planned end',
    placeholder: 'e.g. 2026-12-24T10:00:00Z',
  });
  const dialog: Dialog = openDialog({
    title: 'New Service Status Event',
    initialFocus: 'se-title',
    content: [
      objects.length === 0
        ? strip('Critical', 'This tenant has no managed services or systems: create one first.')
        : h(
            'div',
            { class: 'form' },
            h('ui5-label', { for: 'se-object', required: true }, 'Service or System'),
            object,
            h('ui5-label', { for: 'se-type', required: true }, 'Event Type'),
            type,
            h('ui5-label', { for: 'se-title', required: true }, 'Title'),
            title,
            h('ui5-label', { for: 'se-description' }, 'Description'),
            description,
            h('ui5-label', { for: 'se-start' }, 'Start'),
            start,
            h('ui5-label', { for: 'se-end' }, 'Planned End'),
            end,
          ),
      messages,
    ],
    footer: [
      button('Create', () => void submit(), { design: 'Emphasized', disabled: objects.length === 0 }),
      button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    title.valueState = title.value.trim() ? 'None' : 'Negative';
    if (!title.value.trim()) {
      replace(messages, strip('Negative', 'Enter a title.'));
      return;
    }
    try {
      const created = await answer(
        api.POST('/lm/v1/tenants/{tenantId}/status-events', {
          params: { path: { tenantId: tenant.tenantId } },
          body: {
            objectId: object.value,
            eventType: type.value as EventType,
            title: title.value.trim(),
            ...(description.value.trim() ? { description: description.value.trim() } : {}),
            ...(start.value.trim() ? { startTime: start.value.trim() } : {}),
            ...(end.value.trim() ? { endTime: end.value.trim() } : {}),
          },
        }),
      );
      dialog.open = false;
      toast(`${created.eventType} "${created.title}" recorded.`);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
