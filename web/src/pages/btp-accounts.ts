/**
 * BTP cockpit: the account explorer (global accounts and subaccounts you administer), a global account's
 * subaccounts, and a subaccount's "Instances and Subscriptions" (SAP Cloud ALM subscription, its instances and
 * creating one of a plan: SAP Cloud ALM API or Service Manager). Instances come from SAP Service Manager's API
 * (`/v1`, btp-sm.ts); accounts and subaccounts from calm-keys' `/btp/v1`. Every list has the table toolbar
 * (ui/table-toolbar.ts): its count, a search, a sort and its actions.
 */
import { answer, api, seg, ApiError, type Schemas } from '../api';
import { h } from '../dom';
import { href } from '../router';
import { formatCalendarDate, formatDateTime } from '../ui/date-time';
import { button, facts, link, page, table } from '../ui/kit';
import { tableToolbar } from '../ui/table-toolbar';
import {
  allInstances,
  loadCatalog,
  offeringTitle,
  operationStatus,
  operationWord,
  planOf,
  type SmInstance,
} from './btp-sm';
import { createInstanceDialog } from './btp-create-instance';

type Subaccount = Schemas['Subaccount'];
type GlobalAccount = Schemas['GlobalAccountListItem'];

const subscribed = (s: Subaccount) =>
  s.cloudAlmTenant
    ? `Subscribed (provisioned ${formatCalendarDate(s.cloudAlmTenant.provisionedOn)})`
    : 'Not subscribed';

const subaccountRow = (s: Subaccount) => [
  link(s.name, href(`/btp/subaccounts/${seg(s.id)}`)),
  s.subdomain,
  s.region,
  h('ui5-tag', { design: s.cloudAlmTenant ? 'Positive' : 'Neutral' }, subscribed(s)),
];

const subaccountColumns = [
  { header: 'Subaccount', minWidth: '10rem', importance: 10 },
  { header: 'Subdomain', minWidth: '8rem', importance: 5 },
  { header: 'Region', minWidth: '5rem' },
  { header: 'SAP Cloud ALM', minWidth: '12rem', importance: 1 },
];

/** The subaccounts list with its toolbar: by name, subdomain, region or subscription. */
function subaccountsList(subaccounts: readonly Subaccount[], emptyText: string) {
  return tableToolbar<Subaccount>({
    id: 'subaccounts',
    title: 'Subaccounts',
    items: subaccounts,
    searchLabel: 'Search subaccounts by name, subdomain or region',
    searchText: (s) => [s.name, s.subdomain, s.region, subscribed(s), s.id],
    sort: [
      { id: 'name', label: 'Name', value: (s) => s.name },
      { id: 'subdomain', label: 'Subdomain', value: (s) => s.subdomain },
      { id: 'region', label: 'Region', value: (s) => s.region },
      { id: 'cloud-alm', label: 'SAP Cloud ALM', value: (s) => s.cloudAlmTenant?.provisionedOn },
    ],
    empty: { title: 'No subaccounts', subtitle: emptyText },
    noResults: { title: 'No matching subaccounts', subtitle: 'Try another name, subdomain or region.' },
    render: (rows) =>
      table({
        accessibleName: 'Subaccounts',
        noDataText: emptyText,
        columns: subaccountColumns,
        rows: rows.map(subaccountRow),
      }),
  });
}

export async function accountExplorerPage(): Promise<HTMLElement> {
  const [accounts, subaccounts] = await Promise.all([
    answer(api.GET('/btp/v1/global_accounts')),
    answer(api.GET('/btp/v1/subaccounts')),
  ]);
  const subaccountCount = (a: GlobalAccount) => subaccounts.items.filter((s) => s.globalAccountId === a.id).length;
  const [globalAccounts, subaccountsOf] = await Promise.all([
    tableToolbar<GlobalAccount>({
      id: 'global-accounts',
      title: 'Global Accounts',
      items: accounts.items,
      searchLabel: 'Search global accounts by name',
      searchText: (a) => [a.name, a.id],
      sort: [
        { id: 'name', label: 'Name', value: (a) => a.name },
        { id: 'subaccounts', label: 'Subaccounts', value: subaccountCount },
        { id: 'created', label: 'Created', value: (a) => a.createdAt },
      ],
      empty: { title: 'No global accounts', subtitle: 'You hold no role in a global account.' },
      noResults: { title: 'No matching global accounts', subtitle: 'Try another name.' },
      render: (rows) =>
        table({
          accessibleName: 'Global accounts',
          noDataText: 'You hold no role in a global account.',
          columns: [
            { header: 'Global Account', minWidth: '12rem', importance: 10 },
            { header: 'Subaccounts', minWidth: '6rem' },
            { header: 'Created', minWidth: '10rem' },
          ],
          rows: rows.map((a) => [
            link(a.name, href(`/btp/global-accounts/${seg(a.id)}`)),
            String(subaccountCount(a)),
            formatDateTime(a.createdAt),
          ]),
        }),
    }),
    subaccountsList(subaccounts.items, 'You administer no subaccount.'),
  ]);
  return page(
    { title: 'Account Explorer', subtitle: 'SAP BTP cockpit: the global accounts and subaccounts you administer' },
    globalAccounts.element,
    subaccountsOf.element,
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
  const list = await subaccountsList(mine, 'This global account has no subaccount yet.');
  return page(
    { title: account.name, crumbs: [{ text: 'Account Explorer', href: href('/btp') }], subtitle: 'Global account' },
    facts([
      ['ID', h('code', {}, account.id)],
      ['Created', formatDateTime(account.createdAt)],
    ]),
    list.element,
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
  const serviceOf = (i: SmInstance) => planOf(catalog, i.service_plan_id).offering;
  const planName = (i: SmInstance) => planOf(catalog, i.service_plan_id).plan?.name;

  const instancesEmpty = 'No instances yet. Create an instance of the SAP Cloud ALM API service to get service keys.';
  const [subscriptions, instancesList] = await Promise.all([
    tableToolbar<NonNullable<Subaccount['cloudAlmTenant']>>({
      id: 'subscriptions',
      title: 'Subscriptions',
      level: 'H3',
      items: tenant ? [tenant] : [],
      searchLabel: 'Search subscriptions by application or tenant',
      searchText: (s) => ['SAP Cloud ALM', s.id],
      sort: [
        { id: 'application', label: 'Application', value: () => 'SAP Cloud ALM' },
        { id: 'provisioned', label: 'Provisioned', value: (s) => s.provisionedOn },
      ],
      empty: { title: 'No subscriptions', subtitle: 'This subaccount is not subscribed to SAP Cloud ALM.' },
      noResults: { title: 'No matching subscriptions', subtitle: 'Try another application or tenant.' },
      render: (rows) =>
        table({
          accessibleName: 'Subscriptions',
          noDataText: 'This subaccount is not subscribed to SAP Cloud ALM.',
          columns: [
            { header: 'Application', minWidth: '10rem', importance: 10 },
            { header: 'Tenant', minWidth: '10rem' },
            { header: 'Provisioned', minWidth: '7rem' },
            { header: 'Landscape Management', minWidth: '10rem' },
          ],
          rows: rows.map((s) => [
            'SAP Cloud ALM',
            h('code', {}, s.id),
            formatCalendarDate(s.provisionedOn),
            link('Open Landscape Management', href(`/lm/${seg(s.id)}`)),
          ]),
        }),
    }),
    tableToolbar<SmInstance>({
      id: 'instances',
      title: 'Instances',
      level: 'H3',
      items: instances,
      searchLabel: 'Search instances by name, service or plan',
      searchText: (i) => {
        const offering = serviceOf(i);
        return [
          i.name,
          offering && offeringTitle(offering.name),
          offering?.name,
          planName(i),
          operationWord(i.last_operation),
          i.id,
        ];
      },
      sort: [
        { id: 'name', label: 'Name', value: (i) => i.name },
        {
          id: 'service',
          label: 'Service',
          value: (i) => {
            const o = serviceOf(i);
            return o && offeringTitle(o.name);
          },
        },
        { id: 'plan', label: 'Plan', value: planName },
        { id: 'status', label: 'Status', value: (i) => operationWord(i.last_operation) },
        { id: 'created', label: 'Created', value: (i) => i.created_at },
      ],
      actions: [
        button('Create', () => createInstanceDialog(id, catalog), {
          icon: 'add',
          design: 'Default',
          accessibleName: 'Create instance',
          id: 'create-instance',
        }),
      ],
      empty: { title: 'No instances', subtitle: instancesEmpty },
      noResults: { title: 'No matching instances', subtitle: 'Try another name, service or plan.' },
      render: (rows) =>
        table({
          accessibleName: 'Instances',
          noDataText: instancesEmpty,
          columns: [
            { header: 'Instance', minWidth: '10rem', importance: 10 },
            { header: 'Service', minWidth: '9rem', importance: 2 },
            { header: 'Plan', minWidth: '6rem' },
            { header: 'Status', minWidth: '8rem', importance: 3 },
            { header: 'Created', minWidth: '9rem' },
          ],
          rows: rows.map((i) => {
            const offering = serviceOf(i);
            return [
              link(i.name, href(`/btp/instances/${seg(i.id)}`)),
              offering
                ? h(
                    'div',
                    { class: 'stack' },
                    offeringTitle(offering.name),
                    h('span', { class: 'muted' }, offering.name),
                  )
                : '—',
              planName(i) ?? '—',
              operationStatus(i.last_operation),
              formatDateTime(i.created_at),
            ];
          }),
        }),
    }),
  ]);

  return page(
    { title: subaccount.name, crumbs, subtitle: `Subaccount · ${subaccount.subdomain} · ${subaccount.region}` },
    facts([
      ['Subdomain (identity zone)', h('code', {}, subaccount.subdomain)],
      ['Region', subaccount.region],
      ['ID', h('code', {}, subaccount.id)],
    ]),
    h('h2', { class: 'section-title' }, 'Instances and Subscriptions'),
    subscriptions.element,
    instancesList.element,
  );
}
