/**
 * Landscape Management: managed services and systems of a tenant, the key they connect with, the last push
 * each received, monitoring on/off (Landscape Administrators), and a link to each one's metrics chart.
 * The gear opens the configuration panel with the SAP Cloud ALM Service Key section.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { t } from '../i18n';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { button, errorStrip, link, openDialog, page, strip, table, toast, type Dialog } from '../ui/kit';
import { currentTenant, headerFacts, lmCrumbs, tenantFacts, tenantGroupLabel, type LmTenant } from './lm-common';
import { tableToolbar, type TableToolbar } from '../ui/table-toolbar';

type ManagedObjects = Schemas['ManagedObjectList'];
type ManagedObject = Schemas['ManagedObjectView'];
type Kind = ManagedObject['kind'];

type Switch = HTMLElement & { checked: boolean; disabled: boolean };

export async function managedObjectsPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  // what the server says this user may do in the tenant (the list's actions), refreshed with every load
  let offered: ManagedObjects['actions'] = { manage: false, serviceKey: false };
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const header = h('div');
  const keyArea = h('div');
  const area = h('div');
  let toolbar: TableToolbar<ManagedObject> | undefined;
  let current: ManagedObjects | undefined;

  async function reload(): Promise<void> {
    try {
      const data = await answer(
        api.GET('/lm/v1/tenants/{tenantId}/managed-objects', { params: { path: { tenantId } } }),
      );
      offered = data.actions;
      current = data;
      replace(header, objectsHeader(data));
      replace(keyArea, keyLine(data));
      if (toolbar) toolbar.update(data.items);
      else {
        toolbar = await tableToolbar({
          id: 'objects',
          title: t('lmObjects.listTitle'),
          items: data.items,
          searchLabel: t('lmObjects.searchLabel'),
          searchText: (o) => [
            o.name,
            o.objectType,
            o.lmsId ?? undefined,
            o.kind === 'system' ? t('lmObjects.system') : t('lmObjects.service'),
          ],
          sort: [
            { id: 'name', label: t('lmObjects.colName'), value: (o) => o.name },
            { id: 'type', label: t('lmObjects.colType'), value: (o) => o.objectType },
            { id: 'monitoring', label: t('lmObjects.colMonitoring'), value: (o) => (o.monitoringEnabled ? 0 : 1) },
            { id: 'lastPush', label: t('lmObjects.colLastPush'), value: (o) => o.lastPush?.at },
          ],
          actions: [
            offered.manage
              ? button(t('lmObjects.create'), () => createDialog(tenant, reload), {
                  icon: 'add',
                  id: 'create-managed-object',
                  accessibleName: t('lmObjects.createName'),
                })
              : null,
          ],
          render: objectsTable,
          empty: offered.manage
            ? {
                title: t('lmObjects.emptyTitle'),
                subtitle: t('lmObjects.emptyManage'),
              }
            : {
                title: t('lmObjects.emptyTitle'),
                subtitle: t('lmObjects.emptyView'),
              },
        });
        replace(area, toolbar.element);
      }
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  /** The object page header: the tenant, its service key, and how many services and systems it manages. */
  function objectsHeader(data: ManagedObjects): HTMLElement {
    const count = (n: number, id: string) => h('span', { class: 'count', id }, String(n));
    return headerFacts(
      [
        ...tenantFacts(tenant, data.serviceKey),
        {
          label: t('lmObjects.factServices'),
          value: count(data.items.filter((o) => o.kind === 'service').length, 'fact-services'),
        },
        {
          label: t('lmObjects.factSystems'),
          value: count(data.items.filter((o) => o.kind === 'system').length, 'fact-systems'),
        },
        {
          label: t('lmObjects.factMonitoring'),
          value: count(data.items.filter((o) => o.monitoringEnabled).length, 'fact-monitored'),
        },
      ],
      tenantGroupLabel(tenant),
    );
  }

  /** Only when there is no key: the advice. The key's status is a fact of the header. */
  function keyLine(data: ManagedObjects): HTMLElement | null {
    if (data.serviceKey) return null;
    return strip('Critical', t('lmObjects.noKey'));
  }

  function monitoringSwitch(object: ManagedObject): HTMLElement {
    const toggle = h<Switch>('ui5-switch', {
      checked: object.monitoringEnabled,
      disabled: !offered.manage,
      accessibleName: t('lmObjects.monitoringOf', object.name),
      textOn: t('lmObjects.on'),
      textOff: t('lmObjects.off'),
      tooltip: offered.manage ? undefined : t('lmObjects.monitoringTooltip'),
    });
    toggle.addEventListener('change', () => {
      const enabled = toggle.checked;
      void answer(
        api.POST('/lm/v1/tenants/{tenantId}/managed-objects/{id}/monitoring', {
          params: { path: { tenantId, id: object.id } },
          body: { enabled },
        }),
      )
        .then(() => {
          toast(t(enabled ? 'lmObjects.monitoringEnabled' : 'lmObjects.monitoringDisabled', object.name));
          // the header counts what is monitored; the table stays as it is (the focus stays on the switch)
          object.monitoringEnabled = enabled;
          if (current) replace(header, objectsHeader(current));
        })
        .catch((error: unknown) => {
          toggle.checked = !enabled;
          replace(messages, errorStrip(error));
        });
    });
    return toggle;
  }

  function objectsTable(items: readonly ManagedObject[]): HTMLElement {
    return table({
      id: 'managed-objects',
      accessibleName: t('lmObjects.tableName'),
      noDataText: t('lmObjects.noData'),
      columns: [
        { header: t('lmObjects.colName'), minWidth: '10rem', importance: 10 },
        { header: t('lmObjects.colType'), minWidth: '8rem', importance: 1 },
        { header: t('lmObjects.colMonitoring'), minWidth: '6rem', importance: 5 },
        { header: t('lmObjects.colLastPush'), minWidth: '11rem' },
        { header: t('lmObjects.colMetrics'), minWidth: '6rem', importance: 4 },
      ],
      rows: items.map((o) => [
        h(
          'div',
          { class: 'stack' },
          h('strong', {}, o.name),
          o.lmsId ? h('span', { class: 'muted' }, t('lmObjects.lmsId', o.lmsId)) : null,
        ),
        h(
          'div',
          { class: 'stack' },
          o.kind === 'system' ? t('lmObjects.system') : t('lmObjects.service'),
          h('span', { class: 'muted' }, o.objectType),
        ),
        monitoringSwitch(o),
        o.lastPush
          ? h(
              'div',
              { class: 'stack' },
              formatDateTime(o.lastPush.at),
              h(
                'span',
                { class: 'muted' },
                o.lastPush.withTenantKey ? t('lmObjects.withTenantKey') : t('lmObjects.client', o.lastPush.clientId),
              ),
            )
          : h('span', { class: 'muted' }, t('lmObjects.noPush')),
        link(t('lmObjects.chart'), href(`/lm/${seg(tenantId)}/objects/${seg(o.id)}/metrics`), {
          icon: 'line-chart',
          accessibleName: t('lmObjects.chartOf', o.name),
        }),
      ]),
    });
  }

  await reload();
  const actions = [
    link(t('lmObjects.statusEvents'), href(`/lm/${seg(tenantId)}/status-events`), {
      id: 'open-status-events',
      icon: 'log',
    }),
    link(t('lmObjects.projects'), href(`/lm/${seg(tenantId)}/projects`), { id: 'open-projects' }),
    // webhooks of the service key's events: for the key's Security Viewer and Administrator
    offered.serviceKey
      ? link(t('lmObjects.webhooks'), href(`/lm/${seg(tenantId)}/webhooks`), { id: 'open-webhooks' })
      : null,
    offered.serviceKey
      ? h('ui5-button', {
          icon: 'action-settings',
          accessibleName: t('lmObjects.configurationName'),
          tooltip: t('lmObjects.configuration'),
          id: 'open-configuration',
          on: { click: () => (window.location.hash = `#/lm/${seg(tenantId)}/configuration`) },
        })
      : null,
  ];
  return page(
    {
      title: t('lmObjects.title'),
      crumbs: lmCrumbs().slice(0, 1),
      actions,
    },
    header,
    messages,
    keyArea,
    area,
  );
}

type Input = HTMLElement & { value: string; valueState: string };
type Select = HTMLElement & { value: string };

function createDialog(tenant: LmTenant, reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const kind = h<Select>(
    'ui5-select',
    { id: 'mo-kind', accessibleName: t('lmObjects.kind') },
    h('ui5-option', { value: 'service', selected: true }, t('lmObjects.kindService')),
    h('ui5-option', { value: 'system' }, t('lmObjects.kindSystem')),
  );
  const name = h<Input>('ui5-input', {
    id: 'mo-name',
    required: true,
    accessibleName: t('lmObjects.colName'),
    maxlength: 80,
    placeholder: t('lmObjects.namePlaceholder'),
  });
  const type = h<Input>('ui5-input', {
    id: 'mo-type',
    required: true,
    accessibleName: t('lmObjects.colType'),
    maxlength: 40,
    value: 'S4HANA Cloud',
  });
  const external = h<Input>('ui5-input', {
    id: 'mo-external',
    accessibleName: t('lmObjects.externalOptional'),
    maxlength: 200,
  });
  const dialog: Dialog = openDialog({
    title: t('lmObjects.newTitle'),
    initialFocus: 'mo-name',
    content: [
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'mo-kind' }, t('lmObjects.kind')),
        kind,
        h('ui5-label', { for: 'mo-name', required: true }, t('lmObjects.colName')),
        name,
        h('ui5-label', { for: 'mo-type', required: true }, t('lmObjects.colType')),
        type,
        h('ui5-label', { for: 'mo-external' }, t('lmObjects.externalId')),
        external,
      ),
      strip('Information', t('lmObjects.monitoringNote')),
      messages,
    ],
    footer: [
      button(t('lmObjects.create'), () => void submit(), { design: 'Emphasized' }),
      button(t('lmObjects.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    name.valueState = name.value.trim() ? 'None' : 'Negative';
    type.valueState = type.value.trim() ? 'None' : 'Negative';
    if (!name.value.trim() || !type.value.trim()) {
      replace(messages, strip('Negative', t('lmObjects.enterNameType')));
      return;
    }
    try {
      const body = {
        kind: kind.value as Kind,
        name: name.value.trim(),
        objectType: type.value.trim(),
        ...(external.value.trim() ? { externalId: external.value.trim() } : {}),
      };
      await answer(
        api.POST('/lm/v1/tenants/{tenantId}/managed-objects', {
          params: { path: { tenantId: tenant.tenantId } },
          body,
        }),
      );
      dialog.open = false;
      toast(t('lmObjects.created', name.value.trim()));
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
