/**
 * Landscape Management: the service status events of a tenant (SAP's Business Service Management: Maintenance,
 * Degradation, Disruption, Communication, Planned Availability). Recorded ones come from a Landscape
 * Administrator, who may also create and close them here; derived ones ("No data received ...") open and close
 * by themselves with the pushes of a monitored service. The server's `actions` decide what is offered.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { t, type TextKey } from '../i18n';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, openDialog, page, strip, table, toast, type Dialog } from '../ui/kit';
import { tableToolbar, type TableToolbar } from '../ui/table-toolbar';
import { currentTenant, headerFacts, lmCrumbs, tenantFacts, tenantGroupLabel, type LmTenant } from './lm-common';

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

const EVENT_TYPE_KEYS: Record<EventType, TextKey> = {
  Maintenance: 'lmEvents.typeMaintenance',
  Degradation: 'lmEvents.typeDegradation',
  Disruption: 'lmEvents.typeDisruption',
  Communication: 'lmEvents.typeCommunication',
  'Planned Availability': 'lmEvents.typePlannedAvailability',
};
/** SAP's event type in the UI's language (the API and the select's values keep SAP's English name). */
const eventTypeWord = (type: EventType): string => t(EVENT_TYPE_KEYS[type]);

export async function statusEventsPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  let offered: EventList['actions'] = { manage: false };
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const header = h('div');
  const note = h('div');
  const area = h('div');
  let toolbar: TableToolbar<StatusEvent> | undefined;

  async function reload(): Promise<void> {
    try {
      const data = await answer(api.GET('/lm/v1/tenants/{tenantId}/status-events', { params: { path: { tenantId } } }));
      offered = data.actions;
      const open = data.items.filter((e) => e.status === 'open');
      replace(
        header,
        headerFacts(
          [
            ...tenantFacts(tenant),
            {
              label: t('lmEvents.factOpen'),
              value: h('span', { class: 'count', id: 'fact-open-events' }, String(open.length)),
            },
            {
              label: t('lmEvents.factDisruptions'),
              value: h(
                'span',
                { class: 'count', id: 'fact-open-disruptions' },
                String(open.filter((e) => e.eventType === 'Disruption').length),
              ),
            },
          ],
          tenantGroupLabel(tenant),
        ),
      );
      replace(note, h('p', { class: 'muted' }, t('lmEvents.noDataNote', data.noDataMinutes)));
      if (toolbar) toolbar.update(data.items);
      else {
        toolbar = await tableToolbar({
          id: 'events',
          title: t('lmEvents.listTitle'),
          items: data.items,
          searchLabel: t('lmEvents.searchLabel'),
          searchText: (e) => [
            e.title,
            e.description ?? undefined,
            eventTypeWord(e.eventType),
            e.serviceName,
            e.type,
            e.status === 'open' ? t('lmEvents.open') : t('lmEvents.closed'),
            e.createdBy ?? undefined,
          ],
          sort: [
            { id: 'start', label: t('lmEvents.start'), value: (e) => e.startTime },
            { id: 'title', label: t('lmEvents.event'), value: (e) => e.title },
            { id: 'type', label: t('lmEvents.type'), value: (e) => eventTypeWord(e.eventType) },
            { id: 'service', label: t('lmEvents.service'), value: (e) => e.serviceName },
            { id: 'status', label: t('lmEvents.status'), value: (e) => (e.status === 'open' ? 0 : 1) },
          ],
          initialSort: { column: 'start', descending: true },
          actions: [
            offered.manage
              ? button(t('lmEvents.create'), () => void createDialog(tenant, reload), {
                  icon: 'add',
                  id: 'create-status-event',
                  accessibleName: t('lmEvents.createName'),
                })
              : null,
          ],
          render: eventsTable,
          empty: {
            title: t('lmEvents.emptyTitle'),
            subtitle: offered.manage ? t('lmEvents.emptyManage') : t('lmEvents.emptyView'),
          },
        });
        replace(area, toolbar.element);
      }
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  async function close(event: StatusEvent): Promise<void> {
    const ok = await confirm({
      title: t('lmEvents.closeTitle'),
      text: [t('lmEvents.closeText', event.title, event.serviceName)],
      confirmText: t('lmEvents.closeEvent'),
    });
    if (!ok) return;
    try {
      await answer(
        api.POST('/lm/v1/tenants/{tenantId}/status-events/{eventId}/close', {
          params: { path: { tenantId, eventId: event.id } },
        }),
      );
      toast(t('lmEvents.closedToast', event.title));
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  function eventsTable(items: readonly StatusEvent[]): HTMLElement {
    return table({
      id: 'status-events',
      accessibleName: t('lmEvents.tableName'),
      noDataText: t('lmEvents.noData'),
      columns: [
        { header: t('lmEvents.event'), minWidth: '12rem', importance: 10 },
        { header: t('lmEvents.type'), minWidth: '8rem', importance: 5 },
        { header: t('lmEvents.service'), minWidth: '9rem', importance: 4 },
        { header: t('lmEvents.time'), minWidth: '12rem' },
        { header: t('lmEvents.status'), minWidth: '6rem', importance: 6 },
        { header: '', minWidth: '6rem' },
      ],
      rows: items.map((e) => [
        h(
          'div',
          { class: 'stack' },
          h('strong', {}, e.title),
          e.description ? h('span', { class: 'muted' }, e.description) : null,
        ),
        h('ui5-tag', { design: DESIGN[e.eventType] }, eventTypeWord(e.eventType)),
        h('div', { class: 'stack' }, e.serviceName, h('span', { class: 'muted' }, e.type)),
        h(
          'div',
          { class: 'stack' },
          t('lmEvents.from', formatDateTime(e.startTime)),
          h('span', { class: 'muted' }, e.endTime ? t('lmEvents.to', formatDateTime(e.endTime)) : t('lmEvents.noEnd')),
        ),
        h(
          'div',
          { class: 'stack' },
          e.status === 'open' ? t('lmEvents.open') : t('lmEvents.closed'),
          h(
            'span',
            { class: 'muted' },
            e.source === 'derived' ? t('lmEvents.derived') : t('lmEvents.by', e.createdBy ?? ''),
          ),
        ),
        offered.manage && e.status === 'open' && e.source === 'manual'
          ? button(t('lmEvents.close'), () => void close(e), {
              design: 'Transparent',
              accessibleName: t('lmEvents.closeName', e.title),
            })
          : null,
      ]),
    });
  }

  await reload();
  return page(
    {
      title: t('lmEvents.title'),
      crumbs: lmCrumbs(tenant),
      actions: [h('ui5-link', { href: href(`/lm/${seg(tenantId)}`) }, t('lmEvents.servicesAndSystems'))],
    },
    header,
    messages,
    note,
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
    { id: 'se-object', accessibleName: t('lmEvents.objectName') },
    ...objects.map((o, i) => h('ui5-option', { value: o.id, selected: i === 0 }, o.name)),
  );
  const type = h<Select>(
    'ui5-select',
    { id: 'se-type', accessibleName: t('lmEvents.eventTypeName') },
    ...EVENT_TYPES.map((x, i) => h('ui5-option', { value: x, selected: i === 0 }, eventTypeWord(x))),
  );
  const title = h<Input>('ui5-input', {
    id: 'se-title',
    required: true,
    accessibleName: t('lmEvents.titleField'),
    maxlength: 200,
  });
  const description = h<Input>('ui5-input', {
    id: 'se-description',
    accessibleName: t('lmEvents.description'),
    maxlength: 2000,
  });
  const start = h<Input>('ui5-input', {
    id: 'se-start',
    accessibleName: t('lmEvents.start'),
    placeholder: t('lmEvents.startPlaceholder'),
  });
  const end = h<Input>('ui5-input', {
    id: 'se-end',
    accessibleName: t('lmEvents.plannedEndName'),
    placeholder: t('lmEvents.endPlaceholder'),
  });
  const dialog: Dialog = openDialog({
    title: t('lmEvents.newTitle'),
    initialFocus: 'se-title',
    content: [
      objects.length === 0
        ? strip('Critical', t('lmEvents.noObjects'))
        : h(
            'div',
            { class: 'form' },
            h('ui5-label', { for: 'se-object', required: true }, t('lmEvents.objectLabel')),
            object,
            h('ui5-label', { for: 'se-type', required: true }, t('lmEvents.eventTypeLabel')),
            type,
            h('ui5-label', { for: 'se-title', required: true }, t('lmEvents.titleField')),
            title,
            h('ui5-label', { for: 'se-description' }, t('lmEvents.description')),
            description,
            h('ui5-label', { for: 'se-start' }, t('lmEvents.start')),
            start,
            h('ui5-label', { for: 'se-end' }, t('lmEvents.plannedEnd')),
            end,
          ),
      messages,
    ],
    footer: [
      button(t('lmEvents.create'), () => void submit(), { design: 'Emphasized', disabled: objects.length === 0 }),
      button(t('lmEvents.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    title.valueState = title.value.trim() ? 'None' : 'Negative';
    if (!title.value.trim()) {
      replace(messages, strip('Negative', t('lmEvents.enterTitle')));
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
      toast(t('lmEvents.recorded', eventTypeWord(created.eventType), created.title));
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
