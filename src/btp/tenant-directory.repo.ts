/**
 * Read-only facts about Cloud ALM tenants for other modules (Landscape Management needs the identity zone
 * for format check F2 and the zone id for the key test). No authorization here: the caller authorizes
 * against the tenant, and composition wires this in as a port.
 */
import type { Executor } from '../store/index.js';

export interface TenantFacts {
  readonly tenantId: string;
  readonly name: string;
  readonly subaccountId: string;
  readonly globalAccountId: string;
  /** The subaccount subdomain: the key's `uaa.identityzone`. */
  readonly identityZone: string;
  /** The identity zone id (`zid`), equal to the subaccount id. */
  readonly zoneId: string;
  readonly region: string;
  readonly provisionedOn: string;
}

function tenantQuery(ex: Executor) {
  return ex
    .selectFrom('calm_tenants as t')
    .innerJoin('subaccounts as s', 's.id', 't.subaccount_id')
    .select([
      't.id as tenantId',
      't.name as name',
      't.provisioned_on as provisionedOn',
      's.id as subaccountId',
      's.global_account_id as globalAccountId',
      's.subdomain as identityZone',
      's.region as region',
    ]);
}

export function createTenantDirectory(ex: Executor) {
  const toFacts = (row: Omit<TenantFacts, 'zoneId'>): TenantFacts => ({ ...row, zoneId: row.subaccountId });
  return {
    async find(tenantId: string): Promise<TenantFacts | undefined> {
      const row = await tenantQuery(ex).where('t.id', '=', tenantId).executeTakeFirst();
      return row ? toFacts(row) : undefined;
    },
    /** The tenant of an identity zone (zone id = subaccount id). */
    async findByZone(zoneId: string): Promise<TenantFacts | undefined> {
      const row = await tenantQuery(ex).where('s.id', '=', zoneId).executeTakeFirst();
      return row ? toFacts(row) : undefined;
    },
    async list(): Promise<TenantFacts[]> {
      return (await tenantQuery(ex).orderBy('t.name').execute()).map(toFacts);
    },
  };
}

export type TenantDirectory = ReturnType<typeof createTenantDirectory>;
