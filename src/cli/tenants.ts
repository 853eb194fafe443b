/**
 * What `--tenant` means, the same in every command that calls the server: a tenant id, its name or its identity
 * zone (the subaccount subdomain a key names in `uaa.identityzone`), resolved in this one place against the
 * tenants the caller sees (`GET /lm/v1/tenants`).
 */
import { answer, type ApiClient, type Schemas } from './api-client.js';
import { usage } from './files.js';

/** One row of `GET /lm/v1/tenants`, as the server's document declares it. */
export type TenantRow = Schemas['LmTenantList']['items'][number];

export async function listTenants(api: ApiClient): Promise<TenantRow[]> {
  return (await answer(api.GET('/lm/v1/tenants'))).items;
}

/** The tenant `given` names, by id first, then name, then identity zone; a usage error (exit 2) when none or several match. */
export function pickTenant(tenants: readonly TenantRow[], given: string): TenantRow {
  for (const matches of [
    (t: TenantRow) => t.tenantId === given,
    (t: TenantRow) => t.name === given,
    (t: TenantRow) => t.identityZone === given,
  ]) {
    const found = tenants.filter(matches);
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      usage(
        `--tenant ${given} names ${found.length} tenants (${found.map((t) => t.tenantId).join(', ')}): pass the tenant id`,
      );
  }
  return usage(
    `--tenant ${given} is none of your tenants (give its id, name or identity zone; calm-keys lm tenants lists them)`,
  );
}

export async function resolveTenant(api: ApiClient, given: string): Promise<TenantRow> {
  return pickTenant(await listTenants(api), given);
}

/** `lm tenants`: a header, then one row per tenant with its slot (empty or filled) and the key's status. */
export function formatTenants(tenants: readonly TenantRow[]): string {
  if (tenants.length === 0) return 'no tenants: you hold no Landscape Management role';
  const rows = [
    ['TENANT ID', 'NAME', 'IDENTITY ZONE', 'SLOT', 'KEY STATUS', 'YOUR ROLES'],
    ...tenants.map((t) => [
      t.tenantId,
      t.name,
      t.identityZone ?? '-',
      t.slot,
      t.slot === 'empty' ? '-' : `${t.status ?? 'unknown'}${t.deletedInBtp ? ' (deleted in BTP)' : ''}`,
      t.roles.map((r) => r.replace(/^x_landscape_/, '')).join(','),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}
