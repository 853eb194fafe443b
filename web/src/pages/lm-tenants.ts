/** Landscape Management: pick a Cloud ALM tenant (the ones you hold a Landscape Management role in). */
import { seg } from '../api';
import { h } from '../dom';
import { href } from '../router';
import { ROLE_LABELS } from '../session';
import { link, page, table } from '../ui/kit';
import { loadTenants, statusBadge } from './lm-common';

export async function tenantsPage(): Promise<HTMLElement> {
  const tenants = await loadTenants();
  return page(
    { title: 'Landscape Management', subtitle: 'SAP Cloud ALM tenants in which you hold a Landscape Management role' },
    table({
      accessibleName: 'Cloud ALM tenants',
      noDataText: 'You hold no Landscape Management role in any tenant. Ask a calm-keys administrator for one.',
      columns: [
        { header: 'Tenant', minWidth: '10rem', importance: 10 },
        { header: 'Your Roles', minWidth: '12rem' },
        { header: 'SAP Cloud ALM Service Key', minWidth: '10rem', importance: 5 },
        { header: 'Configuration', minWidth: '8rem' },
      ],
      rows: tenants.map((t) => [
        h(
          'div',
          { class: 'stack' },
          link(t.name, href(`/lm/${seg(t.tenantId)}`)),
          h('span', { class: 'muted' }, `identity zone ${t.identityZone}`),
        ),
        h('div', { class: 'stack' }, ...t.roles.map((r) => h('span', {}, ROLE_LABELS[r] ?? r))),
        t.slot === 'filled' && t.status
          ? h(
              'div',
              { class: 'row' },
              statusBadge(t.status),
              t.deletedInBtp ? h('ui5-tag', { design: 'Negative' }, 'Deleted in BTP') : null,
            )
          : h('span', { class: 'muted' }, t.slot === 'empty' ? 'No key uploaded' : '—'),
        link('Service key', href(`/lm/${seg(t.tenantId)}/configuration`), {
          icon: 'action-settings',
          accessibleName: `Service key configuration of ${t.name}`,
        }),
      ]),
    }),
  );
}
