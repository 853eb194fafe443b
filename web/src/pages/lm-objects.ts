/**
 * Landscape Management: managed services and systems of a tenant, the key they connect with, the last push
 * each received, monitoring on/off (Landscape Administrators), and a link to each one's metrics chart.
 * The gear opens the configuration panel with the SAP Cloud ALM Service Key section.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { button, errorStrip, link, openDialog, page, strip, table, toast, type Dialog } from '../ui/kit';
import { currentTenant, lmCrumbs, statusBadge, type LmTenant } from './lm-common';

type ManagedObjects = Schemas['ManagedObjectList'];
type ManagedObject = Schemas['ManagedObjectView'];
type Kind = ManagedObject['kind'];

type Switch = HTMLElement & { checked: boolean; disabled: boolean };

export async function managedObjectsPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  // what the server says this user may do in the tenant (the list's actions), refreshed with every load
  let offered: ManagedObjects['actions'] = { manage: false, serviceKey: false };
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');

  async function reload(): Promise<void> {
    try {
      const data = await answer(
        api.GET('/lm/v1/tenants/{tenantId}/managed-objects', { params: { path: { tenantId } } }),
      );
      offered = data.actions;
      replace(area, keyLine(data), objectsTable(data));
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  function keyLine(data: ManagedObjects): HTMLElement {
    if (!data.serviceKey)
      return strip(
        'Critical',
        'No SAP Cloud ALM service key is uploaded for this tenant: managed services have no key to connect with. Upload one in the configuration (gear).',
      );
    const k = data.serviceKey;
    return h(
      'div',
      { class: 'row section' },
      h('span', { class: 'muted' }, 'Managed services connect with the service key'),
      h('strong', {}, k.name),
      statusBadge(k.status),
      k.deletedInBtp ? h('ui5-tag', { design: 'Negative' }, 'Deleted in BTP') : null,
    );
  }

  function monitoringSwitch(object: ManagedObject): HTMLElement {
    const toggle = h<Switch>('ui5-switch', {
      checked: object.monitoringEnabled,
      disabled: !offered.manage,
      accessibleName: `Monitoring of ${object.name}`,
      textOn: 'On',
      textOff: 'Off',
      tooltip: offered.manage ? undefined : 'Landscape Management Administrators switch monitoring',
    });
    toggle.addEventListener('change', () => {
      const enabled = toggle.checked;
      void answer(
        api.POST('/lm/v1/tenants/{tenantId}/managed-objects/{id}/monitoring', {
          params: { path: { tenantId, id: object.id } },
          body: { enabled },
        }),
      )
        .then(() => toast(`Monitoring of ${object.name} ${enabled ? 'enabled' : 'disabled'}.`))
        .catch((error: unknown) => {
          toggle.checked = !enabled;
          replace(messages, errorStrip(error));
        });
    });
    return toggle;
  }

  function objectsTable(data: ManagedObjects): HTMLElement {
    return table({
      accessibleName: 'Managed services and systems',
      noDataText: offered.manage
        ? 'No managed services or systems yet. Create one, or let an ABAP system register itself.'
        : 'No managed services or systems yet.',
      columns: [
        { header: 'Name', minWidth: '10rem', importance: 10 },
        { header: 'Type', minWidth: '8rem', importance: 1 },
        { header: 'Monitoring', minWidth: '6rem', importance: 5 },
        { header: 'Last Push', minWidth: '11rem' },
        { header: 'Metrics', minWidth: '6rem', importance: 4 },
      ],
      rows: data.items.map((o) => [
        h(
          'div',
          { class: 'stack' },
          h('strong', {}, o.name),
          o.lmsId ? h('span', { class: 'muted' }, `LMS ID ${o.lmsId}`) : null,
        ),
        h(
          'div',
          { class: 'stack' },
          o.kind === 'system' ? 'System' : 'Service',
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
                o.lastPush.withTenantKey ? 'with the tenant’s service key' : `client ${o.lastPush.clientId}`,
              ),
            )
          : h('span', { class: 'muted' }, 'no push yet'),
        link('Chart', href(`/lm/${seg(tenantId)}/objects/${seg(o.id)}/metrics`), {
          icon: 'line-chart',
          accessibleName: `Metrics chart of ${o.name}`,
        }),
      ]),
    });
  }

  await reload();
  const actions = [
    offered.manage
      ? button('Create', () => createDialog(tenant, reload), {
          icon: 'add',
          accessibleName: 'Create managed service or system',
        })
      : null,
    link('Status Events', href(`/lm/${seg(tenantId)}/status-events`), { id: 'open-status-events', icon: 'log' }),
    link('Projects', href(`/lm/${seg(tenantId)}/projects`), { id: 'open-projects' }),
    // webhooks of the service key's events: for the key's Security Viewer and Administrator
    offered.serviceKey ? link('Webhooks', href(`/lm/${seg(tenantId)}/webhooks`), { id: 'open-webhooks' }) : null,
    offered.serviceKey
      ? h('ui5-button', {
          icon: 'action-settings',
          accessibleName: 'Configuration: SAP Cloud ALM Service Key',
          tooltip: 'Configuration',
          id: 'open-configuration',
          on: { click: () => (window.location.hash = `#/lm/${seg(tenantId)}/configuration`) },
        })
      : null,
  ];
  return page(
    {
      title: 'Services and Systems',
      crumbs: lmCrumbs().slice(0, 1),
      subtitle: `Tenant ${tenant.name} · identity zone ${tenant.identityZone}`,
      actions,
    },
    messages,
    area,
  );
}

type Input = HTMLElement & { value: string; valueState: string };
type Select = HTMLElement & { value: string };

function createDialog(tenant: LmTenant, reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const kind = h<Select>(
    'ui5-select',
    { id: 'mo-kind', accessibleName: 'Kind' },
    h('ui5-option', { value: 'service', selected: true }, 'Service (cloud service)'),
    h('ui5-option', { value: 'system' }, 'System (on premise or private cloud)'),
  );
  const name = h<Input>('ui5-input', {
    id: 'mo-name',
    required: true,
    accessibleName: 'Name',
    maxlength: 80,
    placeholder: 'e.g. SAP S/4HANA Cloud PRD',
  });
  const type = h<Input>('ui5-input', {
    id: 'mo-type',
    required: true,
    accessibleName: 'Type',
    maxlength: 40,
    value: 'S4HANA Cloud',
  });
  const external = h<Input>('ui5-input', {
    id: 'mo-external',
    accessibleName: 'External ID (optional)',
    maxlength: 200,
  });
  const dialog: Dialog = openDialog({
    title: 'New Managed Service or System',
    initialFocus: 'mo-name',
    content: [
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'mo-kind' }, 'Kind'),
        kind,
        h('ui5-label', { for: 'mo-name', required: true }, 'Name'),
        name,
        h('ui5-label', { for: 'mo-type', required: true }, 'Type'),
        type,
        h('ui5-label', { for: 'mo-external' }, 'External ID'),
        external,
      ),
      strip(
        'Information',
        'Monitoring never starts by itself: switch it on once the service is set up, then it may push data with the tenant’s service key.',
      ),
      messages,
    ],
    footer: [
      button('Create', () => void submit(), { design: 'Emphasized' }),
      button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    name.valueState = name.value.trim() ? 'None' : 'Negative';
    type.valueState = type.value.trim() ? 'None' : 'Negative';
    if (!name.value.trim() || !type.value.trim()) {
      replace(messages, strip('Negative', 'Enter a name and a type.'));
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
      toast(`${name.value.trim()} created.`);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
