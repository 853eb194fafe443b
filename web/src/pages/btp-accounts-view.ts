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
import { t } from '../i18n';
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
    ? t('btpAccounts.subscribed', formatCalendarDate(s.cloudAlmTenant.provisionedOn))
    : t('btpAccounts.notSubscribed');

const subaccountRow = (s: Subaccount) => [
  link(s.name, href(`/btp/subaccounts/${seg(s.id)}`)),
  s.subdomain,
  s.region,
  h('ui5-tag', { design: s.cloudAlmTenant ? 'Positive' : 'Neutral' }, subscribed(s)),
];

/** A function, as every text: read when drawn, in the UI's language. */
const subaccountColumns = () => [
  { header: t('btpAccounts.subaccount'), minWidth: '10rem', importance: 10 },
  { header: t('btpAccounts.subdomain'), minWidth: '8rem', importance: 5 },
  { header: t('btp.region'), minWidth: '5rem' },
  { header: 'SAP Cloud ALM', minWidth: '12rem', importance: 1 },
];

/** The subaccounts list with its toolbar: by name, subdomain, region or subscription. */
function subaccountsList(subaccounts: readonly Subaccount[], emptyText: string) {
  return tableToolbar<Subaccount>({
    id: 'subaccounts',
    title: t('btpAccounts.subaccounts'),
    items: subaccounts,
    searchLabel: t('btpAccounts.searchSubaccounts'),
    searchText: (s) => [s.name, s.subdomain, s.region, subscribed(s), s.id],
    sort: [
      { id: 'name', label: t('btp.name'), value: (s) => s.name },
      { id: 'subdomain', label: t('btpAccounts.subdomain'), value: (s) => s.subdomain },
      { id: 'region', label: t('btp.region'), value: (s) => s.region },
      { id: 'cloud-alm', label: 'SAP Cloud ALM', value: (s) => s.cloudAlmTenant?.provisionedOn },
    ],
    empty: { title: t('btpAccounts.noSubaccounts'), subtitle: emptyText },
    noResults: { title: t('btpAccounts.noMatchingSubaccounts'), subtitle: t('btpAccounts.tryNameSubdomainRegion') },
    render: (rows) =>
      table({
        accessibleName: t('btpAccounts.subaccounts'),
        noDataText: emptyText,
        columns: subaccountColumns(),
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
      title: t('btpAccounts.globalAccounts'),
      items: accounts.items,
      searchLabel: t('btpAccounts.searchGlobalAccounts'),
      searchText: (a) => [a.name, a.id],
      sort: [
        { id: 'name', label: t('btp.name'), value: (a) => a.name },
        { id: 'subaccounts', label: t('btpAccounts.subaccounts'), value: subaccountCount },
        { id: 'created', label: t('btp.created'), value: (a) => a.createdAt },
      ],
      empty: { title: t('btpAccounts.noGlobalAccounts'), subtitle: t('btpAccounts.noRoleInGlobalAccount') },
      noResults: { title: t('btpAccounts.noMatchingGlobalAccounts'), subtitle: t('btpAccounts.tryName') },
      render: (rows) =>
        table({
          accessibleName: t('btpAccounts.globalAccountsTable'),
          noDataText: t('btpAccounts.noRoleInGlobalAccount'),
          columns: [
            { header: t('btpAccounts.globalAccount'), minWidth: '12rem', importance: 10 },
            { header: t('btpAccounts.subaccounts'), minWidth: '6rem' },
            { header: t('btp.created'), minWidth: '10rem' },
          ],
          rows: rows.map((a) => [
            link(a.name, href(`/btp/global-accounts/${seg(a.id)}`)),
            String(subaccountCount(a)),
            formatDateTime(a.createdAt),
          ]),
        }),
    }),
    subaccountsList(subaccounts.items, t('btpAccounts.noSubaccountAdministered')),
  ]);
  return page(
    { title: t('btpAccounts.accountExplorer'), subtitle: t('btpAccounts.explorerSubtitle') },
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
  if (!account) throw new ApiError(404, 'btp.global_account.not_found', t('btpAccounts.noSuchGlobalAccount'));
  const mine = subaccounts.items.filter((s) => s.globalAccountId === id);
  const list = await subaccountsList(mine, t('btpAccounts.globalAccountEmpty'));
  return page(
    {
      title: account.name,
      crumbs: [{ text: t('btpAccounts.accountExplorer'), href: href('/btp') }],
      subtitle: t('btpAccounts.globalAccountSubtitle'),
    },
    facts([
      [t('btp.id'), h('code', {}, account.id)],
      [t('btp.created'), formatDateTime(account.createdAt)],
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
    { text: t('btpAccounts.accountExplorer'), href: href('/btp') },
    ...(account ? [{ text: account.name, href: href(`/btp/global-accounts/${seg(account.id)}`) }] : []),
  ];
  const tenant = subaccount.cloudAlmTenant;
  const serviceOf = (i: SmInstance) => planOf(catalog, i.service_plan_id).offering;
  const planName = (i: SmInstance) => planOf(catalog, i.service_plan_id).plan?.name;

  const instancesEmpty = t('btpAccounts.instancesEmpty');
  const [subscriptions, instancesList] = await Promise.all([
    tableToolbar<NonNullable<Subaccount['cloudAlmTenant']>>({
      id: 'subscriptions',
      title: t('btpAccounts.subscriptions'),
      level: 'H3',
      items: tenant ? [tenant] : [],
      searchLabel: t('btpAccounts.searchSubscriptions'),
      searchText: (s) => ['SAP Cloud ALM', s.id],
      sort: [
        { id: 'application', label: t('btpAccounts.application'), value: () => 'SAP Cloud ALM' },
        { id: 'provisioned', label: t('btpAccounts.provisioned'), value: (s) => s.provisionedOn },
      ],
      empty: { title: t('btpAccounts.noSubscriptions'), subtitle: t('btpAccounts.notSubscribedToAlm') },
      noResults: { title: t('btpAccounts.noMatchingSubscriptions'), subtitle: t('btpAccounts.tryApplicationTenant') },
      render: (rows) =>
        table({
          accessibleName: t('btpAccounts.subscriptions'),
          noDataText: t('btpAccounts.notSubscribedToAlm'),
          columns: [
            { header: t('btpAccounts.application'), minWidth: '10rem', importance: 10 },
            { header: t('btpAccounts.tenant'), minWidth: '10rem' },
            { header: t('btpAccounts.provisioned'), minWidth: '7rem' },
            { header: t('btpAccounts.landscapeManagement'), minWidth: '10rem' },
          ],
          rows: rows.map((s) => [
            'SAP Cloud ALM',
            h('code', {}, s.id),
            formatCalendarDate(s.provisionedOn),
            link(t('btpAccounts.openLandscapeManagement'), href(`/lm/${seg(s.id)}`)),
          ]),
        }),
    }),
    tableToolbar<SmInstance>({
      id: 'instances',
      title: t('btpAccounts.instances'),
      level: 'H3',
      items: instances,
      searchLabel: t('btpAccounts.searchInstances'),
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
        { id: 'name', label: t('btp.name'), value: (i) => i.name },
        {
          id: 'service',
          label: t('btp.service'),
          value: (i) => {
            const o = serviceOf(i);
            return o && offeringTitle(o.name);
          },
        },
        { id: 'plan', label: t('btp.plan'), value: planName },
        { id: 'status', label: t('btp.status'), value: (i) => operationWord(i.last_operation) },
        { id: 'created', label: t('btp.created'), value: (i) => i.created_at },
      ],
      actions: [
        button(t('btp.create'), () => createInstanceDialog(id, catalog), {
          icon: 'add',
          design: 'Default',
          accessibleName: t('btpAccounts.createInstance'),
          id: 'create-instance',
        }),
      ],
      empty: { title: t('btpAccounts.noInstances'), subtitle: instancesEmpty },
      noResults: { title: t('btpAccounts.noMatchingInstances'), subtitle: t('btpAccounts.tryNameServicePlan') },
      render: (rows) =>
        table({
          accessibleName: t('btpAccounts.instances'),
          noDataText: instancesEmpty,
          columns: [
            { header: t('btpAccounts.instance'), minWidth: '10rem', importance: 10 },
            { header: t('btp.service'), minWidth: '9rem', importance: 2 },
            { header: t('btp.plan'), minWidth: '6rem' },
            { header: t('btp.status'), minWidth: '8rem', importance: 3 },
            { header: t('btp.created'), minWidth: '9rem' },
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
    {
      title: subaccount.name,
      crumbs,
      subtitle: t('btpAccounts.subaccountSubtitle', subaccount.subdomain, subaccount.region),
    },
    facts([
      [t('btpAccounts.subdomainZone'), h('code', {}, subaccount.subdomain)],
      [t('btp.region'), subaccount.region],
      [t('btp.id'), h('code', {}, subaccount.id)],
    ]),
    h('h2', { class: 'section-title' }, t('btpAccounts.instancesAndSubscriptions')),
    subscriptions.element,
    instancesList.element,
  );
}
