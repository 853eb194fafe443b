/** Landscape Management: pick a Cloud ALM tenant (the ones you hold a Landscape Management role in). */
import { seg } from '../api';
import { h } from '../dom';
import { t } from '../i18n';
import { href } from '../router';
import { ROLE_LABELS } from '../session';
import { link, page, table } from '../ui/kit';
import { tableToolbar } from '../ui/table-toolbar';
import { loadTenants, statusBadge, statusWord, type LmTenant } from './lm-common';

/** The service key column's order: none uploaded, then failed, unknown, active (what needs care first). */
const KEY_ORDER = { none: 0, failed: 1, unknown: 2, active: 3 } as const;
const keyState = (x: LmTenant) => (x.slot === 'filled' && x.status ? x.status : 'none');
const keyWord = (x: LmTenant) =>
  x.slot === 'filled' && x.status
    ? `${statusWord(x.status)}${x.deletedInBtp ? ` ${t('lmCommon.deletedInBtp')}` : ''}`
    : t('lmTenants.noKey');

export async function tenantsPage(): Promise<HTMLElement> {
  const tenants = await loadTenants();
  const toolbar = await tableToolbar({
    id: 'tenants',
    title: t('lmTenants.listTitle'),
    items: tenants,
    searchLabel: t('lmTenants.searchLabel'),
    searchText: (x) => [x.name, x.identityZone, ...x.roles.map((r) => ROLE_LABELS[r] ?? r), keyWord(x)],
    sort: [
      { id: 'name', label: t('lmTenants.colTenant'), value: (x) => x.name },
      { id: 'zone', label: t('lmCommon.factIdentityZone'), value: (x) => x.identityZone },
      { id: 'key', label: t('lmTenants.sortKeyStatus'), value: (x) => KEY_ORDER[keyState(x)] },
    ],
    empty: {
      title: t('lmTenants.emptyTitle'),
      subtitle: t('lmTenants.emptySubtitle'),
    },
    render: (items) =>
      table({
        id: 'tenants-table',
        accessibleName: t('lmTenants.tableName'),
        noDataText: t('lmTenants.emptySubtitle'),
        columns: [
          { header: t('lmTenants.colTenant'), minWidth: '10rem', importance: 10 },
          { header: t('lmTenants.colRoles'), minWidth: '12rem' },
          { header: t('lmCommon.factServiceKey'), minWidth: '10rem', importance: 5 },
          { header: t('lmTenants.colConfiguration'), minWidth: '8rem' },
        ],
        rows: items.map((x) => [
          h(
            'div',
            { class: 'stack' },
            link(x.name, href(`/lm/${seg(x.tenantId)}`)),
            h('span', { class: 'muted' }, t('lmTenants.identityZoneLine', x.identityZone)),
          ),
          h('div', { class: 'stack' }, ...x.roles.map((r) => h('span', {}, ROLE_LABELS[r] ?? r))),
          x.slot === 'filled' && x.status
            ? h(
                'div',
                { class: 'row' },
                statusBadge(x.status),
                x.deletedInBtp ? h('ui5-tag', { design: 'Negative' }, t('lmCommon.deletedInBtp')) : null,
              )
            : h('span', { class: 'muted' }, x.slot === 'empty' ? t('lmTenants.noKey') : '—'),
          link(t('lmTenants.serviceKeyLink'), href(`/lm/${seg(x.tenantId)}/configuration`), {
            icon: 'action-settings',
            accessibleName: t('lmTenants.serviceKeyLinkName', x.name),
          }),
        ]),
      }),
  });
  return page({ title: t('lmCommon.landscapeManagement'), subtitle: t('lmTenants.subtitle') }, toolbar.element);
}
