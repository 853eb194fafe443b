/**
 * BTP cockpit: the account explorer (global accounts and subaccounts you administer), a global account's
 * subaccounts, and a subaccount's "Instances and Subscriptions" (SAP Cloud ALM subscription, its instances and
 * creating one of a plan: SAP Cloud ALM API or Service Manager). Instances come from SAP Service Manager's API
 * (`/v1`, btp-sm.ts); accounts and subaccounts from calm-keys' `/btp/v1`.
 */
import { answer, api, seg, ApiError, type Schemas } from '../api';
import { h } from '../dom';
import { href } from '../router';
import { formatCalendarDate, formatDateTime } from '../ui/date-time';
import { button, facts, link, page, section, table } from '../ui/kit';
import { allInstances, loadCatalog, offeringTitle, operationStatus, planOf } from './btp-sm';
import { createInstanceDialog } from './btp-create-instance';

type Subaccount = Schemas['Subaccount'];

const subaccountRows = (subaccounts: readonly Subaccount[]) =>
  subaccounts.map((s) => [
    link(s.name, href(`/btp/subaccounts/${seg(s.id)}`)),
    s.subdomain,
    s.region,
    s.cloudAlmTenant
      ? h(
          'ui5-tag',
          { design: 'Positive' },
          `Subscribed (provisioned ${formatCalendarDate(s.cloudAlmTenant.provisionedOn)})`,
        )
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
  const [subaccount, accounts, instances, catalog] = await Promise.all([
    answer(api.GET('/btp/v1/subaccounts/{id}', { params: { path: { id } } })),
    answer(api.GET('/btp/v1/global_accounts')),
    allInstances({ subaccountId: id }),
    loadCatalog(id),
  ]);
  const account = accounts.items.find((a) => a.id === subaccount.globalAccountId);
  const crumbs = [
    { text: 'Account Explorer', href: href('/btp') },
    ...(account ? [{ text: account.name, href: href(`/btp/global-accounts/${seg(account.id)}`) }] : []),
  ];
  const tenant = subaccount.cloudAlmTenant;

  const instancesTable = table({
    accessibleName: 'Instances',
    noDataText: 'No instances yet. Create an instance of the SAP Cloud ALM API service to get service keys.',
    columns: [
      { header: 'Instance', minWidth: '10rem', importance: 10 },
      { header: 'Service', minWidth: '9rem', importance: 2 },
      { header: 'Plan', minWidth: '6rem' },
      { header: 'Status', minWidth: '8rem', importance: 3 },
      { header: 'Created', minWidth: '9rem' },
    ],
    rows: instances.map((i) => {
      const { plan, offering } = planOf(catalog, i.service_plan_id);
      return [
        link(i.name, href(`/btp/instances/${seg(i.id)}`)),
        offering
          ? h('div', { class: 'stack' }, offeringTitle(offering.name), h('span', { class: 'muted' }, offering.name))
          : '—',
        plan?.name ?? '—',
        operationStatus(i.last_operation),
        formatDateTime(i.created_at),
      ];
    }),
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
                formatCalendarDate(tenant.provisionedOn),
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
        h('span', { class: 'grow muted' }, `${instances.length} instance${instances.length === 1 ? '' : 's'}`),
        button('Create', () => createInstanceDialog(id, catalog), {
          icon: 'add',
          design: 'Default',
          accessibleName: 'Create instance',
        }),
      ),
      instancesTable,
    ),
  );
}
