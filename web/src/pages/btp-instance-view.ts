/**
 * BTP cockpit: one instance (SAP Cloud ALM API or Service Manager) and its service keys (bindings), over SAP
 * Service Manager's API (`/v1`, btp-sm.ts), as an object page: a header with the key facts (service and plan,
 * credential types, the number of service keys, the last operation's state, created) and the header action
 * *Delete* (the instance, after a dialog naming what goes with it); below, general information (id, scopes,
 * labels) and the Service Keys list with its toolbar (count, search, sort, Create). Create a key (of a credential
 * type the instance allows: binding-secret, instance-secret or x509), view the key JSON with its secrets masked
 * (shown only on an explicit click), download it as a file, delete it after a confirmation. Changes run as
 * operations: the page shows them running and says why one failed. The key dialogs are in btp-keys.ts.
 */
import { answer, api, download, downloadPath, seg } from '../api';
import { h, replace, type Child } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import {
  button,
  confirm,
  errorStrip,
  facts,
  iconButton,
  openDialog,
  page,
  section,
  strip,
  table,
  toast,
} from '../ui/kit';
import { t } from '../i18n';
import { tableToolbar } from '../ui/table-toolbar';
import {
  allBindings,
  change,
  CLOUD_ALM_API,
  instanceSecurity,
  literal,
  offeringTitle,
  operationStatus,
  operationWord,
  scopeLabel,
  working,
  type SmBinding,
  type SmInstance,
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

/** A sentence with a value in it, the value in bold: "Delete the instance **x**?" in any language. */
function strongIn(sentence: string, value: string): Child[] {
  const at = sentence.indexOf(value);
  return at < 0 ? [sentence] : [sentence.slice(0, at), h('strong', {}, value), sentence.slice(at + value.length)];
}

/** One fact of the object page header: its label above its value, as Fiori's header attributes. */
function headerFact(id: string, label: string, ...value: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'header-fact', attrs: { 'data-fact': id } },
    h('dt', { id: `fact-${id}-label` }, label),
    h('dd', { id: `fact-${id}` }, ...value),
  );
}

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
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const instanceMessages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const createButton = button(t('btp.create'), () => createKeyDialog(of, reload), {
    icon: 'add',
    accessibleName: t('btpInstance.createKey'),
    id: 'create-key',
  });
  const deleteInstanceButton = button(t('btp.delete'), () => deleteInstanceDialog(), {
    icon: 'delete',
    design: 'Transparent',
    accessibleName: t('btpInstance.deleteInstanceOf', instance.name),
    tooltip: t('btpInstance.deleteInstanceOf', instance.name),
    id: 'delete-instance',
  }) as Pressable;
  let bindings: readonly SmBinding[] = [];
  let certificates = new Map<string, BindingCertificate>();
  const keyCount = h('span', {}, '');
  const instanceStatus = h('div', {}, operationStatus(instance.last_operation));

  const keys = await tableToolbar<SmBinding>({
    id: 'keys',
    title: t('btpInstance.serviceKeys'),
    items: bindings,
    searchLabel: t('btpInstance.searchKeys'),
    searchText: (b) => [b.name, operationWord(b.last_operation), b.id],
    sort: [
      { id: 'name', label: t('btp.name'), value: (b) => b.name },
      { id: 'created', label: t('btp.created'), value: (b) => b.created_at },
      { id: 'status', label: t('btp.status'), value: (b) => operationWord(b.last_operation) },
      { id: 'certificate', label: t('btpInstance.certificateEnd'), value: (b) => certificates.get(b.id)?.not_after },
    ],
    actions: [createButton],
    empty: {
      title: t('btpInstance.noKeys'),
      subtitle: t('btpInstance.keysEmpty'),
    },
    noResults: { title: t('btpInstance.noMatchingKeys'), subtitle: t('btpInstance.tryNameStatus') },
    render: keysTable,
  });
  const keysArea = h('div', { id: 'service-keys' }, keys.element);

  async function reload(focus?: string): Promise<void> {
    try {
      [bindings, certificates] = await Promise.all([
        allBindings({ subaccountId, fieldQuery: `service_instance_id eq ${literal(instance.id)}` }),
        certificatesOfInstance(subaccountId, instance.id),
      ]);
      keys.update(bindings);
      keyCount.textContent = String(bindings.length);
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
      accessibleName: t('btpInstance.keysTable'),
      noDataText: t('btpInstance.keysEmpty'),
      columns: [
        { header: t('btpInstance.serviceKey'), minWidth: '9rem', importance: 10 },
        { header: t('btp.status'), minWidth: '8rem', importance: 3 },
        { header: t('btp.created'), minWidth: '9rem' },
        { header: t('btpInstance.certificate'), minWidth: '11rem', importance: 4 },
        { header: t('btp.actions'), minWidth: '9rem', importance: 9 },
      ],
      rows: list.map((b) => [
        h('strong', {}, b.name),
        operationStatus(b.last_operation),
        formatDateTime(b.created_at),
        certificateCell(b.id),
        h(
          'div',
          { class: 'key-actions' },
          iconButton('display', t('btpInstance.viewKeyOf', b.name), () => void viewKeyDialog(b)),
          iconButton('download', t('btpInstance.downloadKeyOf', b.name), () =>
            download(downloadPath(KEY_DOWNLOAD, { id: b.id })),
          ),
          iconButton('delete', t('btpInstance.deleteKeyOf', b.name), () => void deleteKey(b)),
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
      title: t('btpInstance.deleteKeyTitle'),
      confirmText: t('btp.delete'),
      text: [
        h('p', {}, ...strongIn(t('btpInstance.deleteKeyQuestion', binding.name), binding.name)),
        of.offering === CLOUD_ALM_API ? strip('Critical', t('btpInstance.deleteKeyLmCopy')) : null,
      ],
    });
    if (!yes) return;
    try {
      await change(api.DELETE('/v1/service_bindings/{id}', { params: { path: { id: binding.id } } }), () =>
        replace(messages, working(t('btpInstance.deletingKey', binding.name))),
      );
      toast(t('btpInstance.keyDeleted', binding.name));
      await reload('#create-key');
      createButton.focus();
    } catch (error) {
      await reload();
      replace(messages, errorStrip(error));
    }
  }

  /**
   * The header action: a dialog naming what is deleted with the instance (the server deletes its every binding,
   * then its OAuth client, src/btp/README.md) and what is not (the copies uploaded to Landscape Management, which
   * are flagged "Deleted in BTP" there). Cancel has the focus first; the deletion runs in the dialog, which shows
   * it running and, when it fails, why (the focus goes back to Cancel). Done, the subaccount's page opens.
   */
  function deleteInstanceDialog(): void {
    const names = bindings.map((b) => b.name).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const dialogMessages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
    const ok = button(t('btp.delete'), () => void run(), { design: 'Negative', id: 'confirm-ok' }) as Pressable;
    const cancel = button(t('btp.cancel'), () => (dialog.open = false), {
      design: 'Transparent',
      id: 'confirm-cancel',
    }) as Pressable;
    const dialog = openDialog({
      title: t('btpInstance.deleteTitle'),
      state: 'Critical',
      initialFocus: 'confirm-cancel',
      content: [
        h(
          'p',
          { id: 'delete-instance-question' },
          ...strongIn(t('btpInstance.deleteQuestion', instance.name), instance.name),
        ),
        names.length
          ? h(
              'div',
              { class: 'stack', id: 'delete-instance-keys' },
              h(
                'span',
                {},
                names.length === 1 ? t('btpInstance.deleteOneKey') : t('btpInstance.deleteKeys', names.length),
              ),
              h('ul', { class: 'problems' }, ...names.map((name) => h('li', {}, h('strong', {}, name)))),
              h('span', {}, t('btpInstance.deleteKeysEffect')),
            )
          : h('p', { id: 'delete-instance-keys' }, t('btpInstance.deleteNoKeys')),
        of.offering === CLOUD_ALM_API && names.length ? strip('Critical', t('btpInstance.deleteLmCopies')) : null,
        dialogMessages,
      ],
      footer: [ok, cancel],
    });

    async function run(): Promise<void> {
      ok.disabled = true;
      try {
        await change(api.DELETE('/v1/service_instances/{id}', { params: { path: { id: instance.id } } }), () =>
          replace(dialogMessages, working(t('btpInstance.deletingInstance', instance.name))),
        );
        toast(t('btpInstance.instanceDeleted', instance.name));
        if (dialog.isConnected) dialog.open = false;
        window.location.hash = `#/btp/subaccounts/${seg(subaccountId)}`;
      } catch (error) {
        // the instance may now read "Deletion Failed": the header shows its state again
        await refreshInstance();
        if (dialog.isConnected) {
          replace(dialogMessages, errorStrip(error));
          ok.disabled = false;
          cancel.focus();
        } else replace(instanceMessages, errorStrip(error, { closable: true }));
      }
    }
  }

  async function refreshInstance(): Promise<void> {
    try {
      const current: SmInstance = await answer(api.GET('/v1/service_instances/{id}', { params: { path: { id } } }));
      replace(instanceStatus, operationStatus(current.last_operation));
    } catch {
      // gone or unreadable: the dialog's strip says what happened
    }
  }

  const labels = Object.entries(instance.labels).filter(([key]) => key !== 'subaccount_id');
  await reload();
  const header = h(
    'dl',
    { class: 'object-header', id: 'instance-header', attrs: { 'aria-label': t('btpInstance.keyFacts') } },
    headerFact('service', t('btp.service'), offeringTitle(offering.name), h('span', { class: 'muted' }, offering.name)),
    headerFact('plan', t('btp.plan'), plan.name),
    headerFact('credential-types', t('btpInstance.credentialTypes'), security.credentialTypes.join(', ')),
    headerFact('key-count', t('btpInstance.serviceKeys'), keyCount),
    headerFact('status', t('btp.status'), instanceStatus),
    headerFact('created', t('btp.created'), formatDateTime(instance.created_at)),
  );
  return page(
    {
      title: instance.name,
      crumbs: [
        { text: t('btpAccounts.accountExplorer'), href: href('/btp') },
        ...(account ? [{ text: account.name, href: href(`/btp/global-accounts/${seg(account.id)}`) }] : []),
        { text: subaccount.name, href: href(`/btp/subaccounts/${seg(subaccount.id)}`) },
      ],
      subtitle: t('btpInstance.subtitle', offeringTitle(offering.name), plan.name),
      actions: [deleteInstanceButton],
    },
    header,
    instanceMessages,
    section(
      t('btpInstance.generalInformation'),
      'general-information',
      facts([
        [t('btp.id'), h('code', {}, instance.id)],
        [
          t('btpInstance.scopes'),
          of.offering === CLOUD_ALM_API
            ? security.scopes.length
              ? h(
                  'div',
                  { class: 'row', attrs: { id: 'instance-scopes' } },
                  ...security.scopes.map((scope) =>
                    h('ui5-tag', { design: 'Set2', colorScheme: '6', hideStateIcon: true }, scopeLabel(scope)),
                  ),
                )
              : t('btpInstance.noScopes')
            : t('btpInstance.scopesOfPlan', plan.name),
        ],
        ...(labels.length
          ? [
              [
                t('btpInstance.labels'),
                labels.map(([key, values]) => `${key}: ${values.join(', ')}`).join('; '),
              ] as const,
            ]
          : []),
      ]),
    ),
    messages,
    keysArea,
  );
}
