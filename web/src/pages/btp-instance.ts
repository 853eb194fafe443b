/**
 * BTP cockpit: one instance (SAP Cloud ALM API or Service Manager) and its service keys (bindings), over SAP
 * Service Manager's API (`/v1`, btp-sm.ts): the instance's credential types and scopes (its parameters), create
 * a key (of a credential type the instance allows: binding-secret, instance-secret or x509), view the key JSON with its secrets masked (shown only on an explicit click), download it as a file,
 * delete it or the instance after a confirmation. Changes run as operations: the page shows them running and
 * says why one failed. The key dialogs are in btp-keys.ts.
 */
import { answer, api, download, downloadPath, seg } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, facts, iconButton, page, section, strip, table, toast } from '../ui/kit';
import {
  allBindings,
  change,
  CLOUD_ALM_API,
  instanceSecurity,
  literal,
  offeringTitle,
  operationStatus,
  scopeLabel,
  working,
  type SmBinding,
} from './btp-sm';
import { createKeyDialog, KEY_DOWNLOAD, viewKeyDialog } from './btp-keys';
import {
  bindingExpiry,
  certificatesOfInstance,
  expiryCell,
  expiryStrip,
  type BindingCertificate,
} from './certificate-expiry';

type Pressable = HTMLElement & { disabled: boolean };

export async function instancePage(id: string): Promise<HTMLElement> {
  const instance = await answer(api.GET('/v1/service_instances/{id}', { params: { path: { id } } }));
  const subaccountId = instance.context.subaccount_id ?? instance.labels.subaccount_id?.[0] ?? '';
  const plan = await answer(api.GET('/v1/service_plans/{id}', { params: { path: { id: instance.service_plan_id } } }));
  const [offering, parameters, subaccount, accounts] = await Promise.all([
    answer(api.GET('/v1/service_offerings/{id}', { params: { path: { id: plan.service_offering_id } } })),
    answer(api.GET('/v1/service_instances/{id}/parameters', { params: { path: { id } } })),
    answer(api.GET('/btp/v1/subaccounts/{id}', { params: { path: { id: subaccountId } } })),
    answer(api.GET('/btp/v1/global_accounts')),
  ]);
  const account = accounts.items.find((a) => a.id === subaccount.globalAccountId);
  const security = instanceSecurity(offering.name, parameters);
  const of = { instance, offering: offering.name, subaccountId, credentialTypes: security.credentialTypes };
  const keysArea = h('div', { id: 'service-keys' });
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const instanceMessages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const createButton = button('Create', () => createKeyDialog(of, reload), {
    icon: 'add',
    accessibleName: 'Create service key',
    id: 'create-key',
  });
  const deleteInstanceButton = button('Delete', () => void deleteInstance(), {
    icon: 'delete',
    design: 'Transparent',
    accessibleName: `Delete instance ${instance.name}`,
    id: 'delete-instance',
  }) as Pressable;
  let bindings: readonly SmBinding[] = [];
  let certificates = new Map<string, BindingCertificate>();

  async function reload(focus?: string): Promise<void> {
    try {
      [bindings, certificates] = await Promise.all([
        allBindings({ subaccountId, fieldQuery: `service_instance_id eq ${literal(instance.id)}` }),
        certificatesOfInstance(subaccountId, instance.id),
      ]);
      replace(keysArea, keysTable(bindings));
      // a strip per x509 key within 30 days of its certificate's end, or past it
      replace(
        messages,
        ...bindings.flatMap((b) => {
          const certificate = certificates.get(b.id);
          const found = certificate ? expiryStrip(bindingExpiry(certificate), `expiry-${b.id}`) : null;
          return found ? [found] : [];
        }),
      );
      if (focus) keysArea.querySelector<HTMLElement>(focus)?.focus();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  function keysTable(list: readonly SmBinding[]): HTMLElement {
    return table({
      accessibleName: 'Service keys',
      noDataText:
        'This instance has no service keys. Create one to connect a managed service or to upload it in Landscape Management.',
      columns: [
        { header: 'Service Key', minWidth: '9rem', importance: 10 },
        { header: 'Status', minWidth: '8rem', importance: 3 },
        { header: 'Created', minWidth: '9rem' },
        { header: 'Certificate', minWidth: '11rem', importance: 4 },
        { header: 'Actions', minWidth: '9rem', importance: 9 },
      ],
      rows: list.map((b) => [
        h('strong', {}, b.name),
        operationStatus(b.last_operation),
        formatDateTime(b.created_at),
        certificateCell(b.id),
        h(
          'div',
          { class: 'key-actions' },
          iconButton('display', `View service key ${b.name}`, () => void viewKeyDialog(b)),
          iconButton('download', `Download service key ${b.name}`, () =>
            download(downloadPath(KEY_DOWNLOAD, { id: b.id })),
          ),
          iconButton('delete', `Delete service key ${b.name}`, () => void deleteKey(b)),
        ),
      ]),
    });
  }

  /** An x509 key's certificate end; a dash for a key with a secret. */
  function certificateCell(bindingId: string): HTMLElement {
    const certificate = certificates.get(bindingId);
    return certificate ? expiryCell(bindingExpiry(certificate)) : h('span', { class: 'muted' }, '—');
  }

  async function deleteKey(binding: SmBinding): Promise<void> {
    const yes = await confirm({
      title: 'Delete Service Key',
      confirmText: 'Delete',
      text: [
        h(
          'p',
          {},
          'Delete the service key ',
          h('strong', {}, binding.name),
          '? Its credentials stop working at once: the next token request with them fails.',
        ),
        of.offering === CLOUD_ALM_API
          ? strip(
              'Critical',
              'A copy uploaded to Landscape Management is not deleted with it. Delete that copy in Landscape Management too.',
            )
          : null,
      ],
    });
    if (!yes) return;
    try {
      await change(api.DELETE('/v1/service_bindings/{id}', { params: { path: { id: binding.id } } }), () =>
        replace(messages, working(`Deleting service key ${binding.name}…`)),
      );
      toast(`Service key ${binding.name} deleted.`);
      await reload('#create-key');
      createButton.focus();
    } catch (error) {
      await reload();
      replace(messages, errorStrip(error));
    }
  }

  async function deleteInstance(): Promise<void> {
    const yes = await confirm({
      title: 'Delete Instance',
      confirmText: 'Delete',
      text: [
        h(
          'p',
          {},
          'Delete the instance ',
          h('strong', {}, instance.name),
          bindings.length
            ? ` and its ${bindings.length} service key${bindings.length === 1 ? '' : 's'}? Their credentials stop working at once.`
            : '? Its OAuth client is removed.',
        ),
        of.offering === CLOUD_ALM_API && bindings.length
          ? strip('Critical', 'Copies uploaded to Landscape Management are not deleted with it. Delete them there too.')
          : null,
      ],
    });
    if (!yes) return;
    deleteInstanceButton.disabled = true;
    try {
      await change(api.DELETE('/v1/service_instances/{id}', { params: { path: { id: instance.id } } }), () =>
        replace(instanceMessages, working(`Deleting instance ${instance.name}…`)),
      );
      toast(`Instance ${instance.name} deleted.`);
      window.location.hash = `#/btp/subaccounts/${seg(subaccountId)}`;
    } catch (error) {
      replace(instanceMessages, errorStrip(error));
    } finally {
      deleteInstanceButton.disabled = false;
    }
  }

  const labels = Object.entries(instance.labels).filter(([key]) => key !== 'subaccount_id');
  await reload();
  return page(
    {
      title: instance.name,
      crumbs: [
        { text: 'Account Explorer', href: href('/btp') },
        ...(account ? [{ text: account.name, href: href(`/btp/global-accounts/${seg(account.id)}`) }] : []),
        { text: subaccount.name, href: href(`/btp/subaccounts/${seg(subaccount.id)}`) },
      ],
      subtitle: `Instance of ${offeringTitle(offering.name)} · plan ${plan.name}`,
      actions: [deleteInstanceButton],
    },
    instanceMessages,
    facts([
      ['Service', `${offeringTitle(offering.name)} (${offering.name})`],
      ['Plan', plan.name],
      ['ID', h('code', {}, instance.id)],
      ['Status', operationStatus(instance.last_operation)],
      ['Credential types', security.credentialTypes.join(', ')],
      [
        'Scopes',
        of.offering === CLOUD_ALM_API
          ? security.scopes.length
            ? h(
                'div',
                { class: 'row', attrs: { id: 'instance-scopes' } },
                ...security.scopes.map((scope) =>
                  h('ui5-tag', { design: 'Set2', colorScheme: '6', hideStateIcon: true }, scopeLabel(scope)),
                ),
              )
            : 'none (uaa.resource only)'
          : `those of plan ${plan.name}`,
      ],
      ...(labels.length
        ? [['Labels', labels.map(([key, values]) => `${key}: ${values.join(', ')}`).join('; ')] as const]
        : []),
      ['Created', formatDateTime(instance.created_at)],
    ]),
    section(
      'Service Keys',
      'service-keys-title',
      h('div', { class: 'toolbar' }, h('span', { class: 'grow' }), createButton),
      messages,
      keysArea,
    ),
  );
}
