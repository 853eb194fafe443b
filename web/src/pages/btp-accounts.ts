/**
 * BTP cockpit: the account explorer (global accounts and subaccounts you administer), a global account's
 * subaccounts, and a subaccount's "Instances and Subscriptions" (SAP Cloud ALM subscription, SAP Cloud ALM
 * API instances, creating an instance).
 */
import { answer, api, seg, ApiError, type Schemas } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import {
  button,
  errorStrip,
  facts,
  link,
  openDialog,
  page,
  section,
  strip,
  table,
  toast,
  type Dialog,
} from '../ui/kit';

type Subaccount = Schemas['Subaccount'];

const subaccountRows = (subaccounts: readonly Subaccount[]) =>
  subaccounts.map((s) => [
    link(s.name, href(`/btp/subaccounts/${seg(s.id)}`)),
    s.subdomain,
    s.region,
    s.cloudAlmTenant
      ? h('ui5-tag', { design: 'Positive' }, `Subscribed (provisioned ${s.cloudAlmTenant.provisionedOn})`)
      : h('ui5-tag', { design: 'Neutral' }, 'Not subscribed'),
  ]);

const subaccountColumns = [
  { header: 'Subaccount', minWidth: '10rem', importance: 10 },
  { header: 'Subdomain', minWidth: '8rem', importance: 5 },
  { header: 'Region', minWidth: '5rem' },
  { header: 'SAP Cloud ALM', minWidth: '12rem', importance: 1 },
];

export async function accountExplorerPage(): Promise<HTMLElement> {
  const [accounts, subaccounts] = await Promise.all([
    answer(api.GET('/btp/v1/global_accounts')),
    answer(api.GET('/btp/v1/subaccounts')),
  ]);
  return page(
    { title: 'Account Explorer', subtitle: 'SAP BTP cockpit: the global accounts and subaccounts you administer' },
    section(
      'Global Accounts',
      'global-accounts',
      table({
        accessibleName: 'Global accounts',
        noDataText: 'You hold no role in a global account.',
        columns: [
          { header: 'Global Account', minWidth: '12rem', importance: 10 },
          { header: 'Subaccounts', minWidth: '6rem' },
          { header: 'Created', minWidth: '10rem' },
        ],
        rows: accounts.items.map((a) => [
          link(a.name, href(`/btp/global-accounts/${seg(a.id)}`)),
          String(subaccounts.items.filter((s) => s.globalAccountId === a.id).length),
          formatDateTime(a.createdAt),
        ]),
      }),
    ),
    section(
      'Subaccounts',
      'subaccounts',
      table({
        accessibleName: 'Subaccounts',
        noDataText: 'You administer no subaccount.',
        columns: subaccountColumns,
        rows: subaccountRows(subaccounts.items),
      }),
    ),
  );
}

export async function globalAccountPage(id: string): Promise<HTMLElement> {
  const [accounts, subaccounts] = await Promise.all([
    answer(api.GET('/btp/v1/global_accounts')),
    answer(api.GET('/btp/v1/subaccounts')),
  ]);
  const account = accounts.items.find((a) => a.id === id);
  if (!account)
    throw new ApiError(404, 'btp.global_account.not_found', 'No such global account, or you hold no role in it.');
  const mine = subaccounts.items.filter((s) => s.globalAccountId === id);
  return page(
    { title: account.name, crumbs: [{ text: 'Account Explorer', href: href('/btp') }], subtitle: 'Global account' },
    facts([
      ['ID', h('code', {}, account.id)],
      ['Created', formatDateTime(account.createdAt)],
    ]),
    section(
      'Subaccounts',
      'subaccounts',
      table({
        accessibleName: 'Subaccounts',
        noDataText: 'This global account has no subaccount yet.',
        columns: subaccountColumns,
        rows: subaccountRows(mine),
      }),
    ),
  );
}

export async function subaccountPage(id: string): Promise<HTMLElement> {
  const [subaccount, accounts, instances] = await Promise.all([
    answer(api.GET('/btp/v1/subaccounts/{id}', { params: { path: { id } } })),
    answer(api.GET('/btp/v1/global_accounts')),
    answer(api.GET('/btp/v1/service_instances')),
  ]);
  const account = accounts.items.find((a) => a.id === subaccount.globalAccountId);
  const crumbs = [
    { text: 'Account Explorer', href: href('/btp') },
    ...(account ? [{ text: account.name, href: href(`/btp/global-accounts/${seg(account.id)}`) }] : []),
  ];
  const mine = instances.items.filter((i) => i.subaccount_id === id);
  const tenant = subaccount.cloudAlmTenant;

  const instancesTable = table({
    accessibleName: 'Instances',
    noDataText: 'No instances yet. Create an instance of the SAP Cloud ALM API service to get service keys.',
    columns: [
      { header: 'Instance', minWidth: '10rem', importance: 10 },
      { header: 'Service', minWidth: '9rem', importance: 2 },
      { header: 'Plan', minWidth: '5rem' },
      { header: 'Credential Types', minWidth: '9rem' },
      { header: 'Created', minWidth: '9rem' },
    ],
    rows: mine.map((i) => [
      link(i.name, href(`/btp/instances/${seg(i.id)}`)),
      h('div', { class: 'stack' }, 'SAP Cloud ALM API', h('span', { class: 'muted' }, i.service_offering)),
      i.service_plan,
      i.credential_types.join(', '),
      h(
        'div',
        { class: 'stack' },
        formatDateTime(i.created_at),
        i.origin === 'provisioning' ? h('span', { class: 'muted' }, 'by provisioning') : null,
      ),
    ]),
  });

  return page(
    { title: subaccount.name, crumbs, subtitle: `Subaccount · ${subaccount.subdomain} · ${subaccount.region}` },
    facts([
      ['Subdomain (identity zone)', h('code', {}, subaccount.subdomain)],
      ['Region', subaccount.region],
      ['ID', h('code', {}, subaccount.id)],
    ]),
    h('h2', { class: 'section-title' }, 'Instances and Subscriptions'),
    section(
      'Subscriptions',
      'subscriptions',
      table({
        accessibleName: 'Subscriptions',
        noDataText: 'This subaccount is not subscribed to SAP Cloud ALM.',
        columns: [
          { header: 'Application', minWidth: '10rem', importance: 10 },
          { header: 'Tenant', minWidth: '10rem' },
          { header: 'Provisioned', minWidth: '7rem' },
          { header: 'Landscape Management', minWidth: '10rem' },
        ],
        rows: tenant
          ? [
              [
                'SAP Cloud ALM',
                h('code', {}, tenant.id),
                tenant.provisionedOn,
                link('Open Landscape Management', href(`/lm/${seg(tenant.id)}`)),
              ],
            ]
          : [],
      }),
    ),
    section(
      'Instances',
      'instances',
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: 'grow muted' }, `${mine.length} instance${mine.length === 1 ? '' : 's'}`),
        button('Create', () => createInstanceDialog(id), {
          icon: 'add',
          design: 'Default',
          accessibleName: 'Create instance',
        }),
      ),
      instancesTable,
    ),
  );
}

type Input = HTMLElement & { value: string; valueState: string };
type Check = HTMLElement & { checked: boolean };

function createInstanceDialog(subaccountId: string): void {
  const messages = h('div', { class: 'strips' });
  const name = h<Input>('ui5-input', {
    id: 'instance-name',
    required: true,
    accessibleName: 'Instance name',
    placeholder: 'e.g. calm-api-monitoring',
    maxlength: 32,
  });
  const typeNames = ['binding-secret', 'instance-secret', 'x509'] as const;
  const types = typeNames.map((t) => h<Check>('ui5-checkbox', { text: t, checked: t === 'binding-secret' }));
  const monitoring = h<Check>('ui5-checkbox', {
    text: 'Monitoring scopes: calm-api.metrics and calm-api.logs, read and write',
    checked: true,
    wrappingType: 'Normal',
  });
  const create = button('Create', () => void submit(), { design: 'Emphasized' });
  const dialog: Dialog = openDialog({
    title: 'New Instance: SAP Cloud ALM API',
    initialFocus: 'instance-name',
    content: [
      strip(
        'Information',
        'Service SAP Cloud ALM API (SAPCloudALMAPIs), plan standard. Names: up to 32 letters, digits, ".", "-" or "_".',
      ),
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'instance-name', required: true }, 'Instance Name'),
        name,
        h('span', { id: 'types-label', class: 'muted' }, 'Credential Types'),
        h('div', { class: 'row', attrs: { role: 'group', 'aria-labelledby': 'types-label' } }, ...types),
        h('span', { class: 'muted' }, 'Scopes'),
        monitoring,
      ),
      messages,
    ],
    footer: [create, button('Cancel', () => (dialog.open = false), { design: 'Transparent' })],
  });

  async function submit(): Promise<void> {
    const value = name.value.trim();
    name.valueState = /^[A-Za-z0-9._-]{1,32}$/.test(value) ? 'None' : 'Negative';
    const chosen = typeNames.filter((_t, i) => types[i]?.checked);
    const authorities = monitoring.checked
      ? ['metrics.write', 'metrics.read', 'hm.write', 'hm.read', 'logs.write', 'logs.read'].map(
          (a) => `$XSMASTERAPPNAME.calm-api.${a}`,
        )
      : [];
    if (name.valueState === 'Negative' || chosen.length === 0) {
      replace(
        messages,
        strip(
          'Negative',
          name.valueState === 'Negative'
            ? 'Enter a name of 1 to 32 letters, digits, ".", "-" or "_".'
            : 'Choose at least one credential type.',
        ),
      );
      return;
    }
    try {
      const body = {
        name: value,
        subaccount_id: subaccountId,
        parameters: {
          'xs-security': {
            ...(authorities.length ? { authorities } : {}),
            'oauth2-configuration': { 'credential-types': chosen },
          },
        },
      };
      const created = await answer(api.POST('/btp/v1/service_instances', { body }));
      dialog.open = false;
      toast(`Instance ${created.name} created.`);
      window.location.hash = `#/btp/instances/${seg(created.id)}`;
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
