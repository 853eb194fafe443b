/**
 * Read-only facts about Cloud ALM tenants for other modules (Landscape Management needs the identity zone
 * for format check F2 and the zone id for the key test). No authorization here: the caller authorizes
 * against the tenant, and composition wires this in as a port.
 */
import { createReadCache } from '../shared/index.js';
import type { Executor } from '../store/index.js';

/**
 * How long `findByZone` serves a tenant it read (ms): a change committed by another process on the same database
 * counts within this, as the signing keys' ROWS_TTL_MS. calm-keys never changes or deletes a tenant or a
 * subaccount today (a tenant's zone, id and facts are fixed at its creation); a change made here would call
 * `forgetZone` after its commit, which counts at once.
 */
export const TENANT_CACHE_TTL_MS = 1000;
/** Tenants held by the cache at most; a zone with no tenant is never held (misses are read every time). */
export const TENANT_CACHE_MAX_ENTRIES = 10_000;

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

export function createTenantDirectory(
  ex: Executor,
  cacheOptions: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
) {
  const toFacts = (row: Omit<TenantFacts, 'zoneId'>): TenantFacts => ({ ...row, zoneId: row.subaccountId });
  // every Cloud ALM API request looks its token's zone up (alm-api/bearer.ts): ~8% of an ingest's CPU (issue 15)
  const byZone = createReadCache<TenantFacts>({
    ttlMs: cacheOptions.ttlMs ?? TENANT_CACHE_TTL_MS,
    maxEntries: cacheOptions.maxEntries ?? TENANT_CACHE_MAX_ENTRIES,
    ...(cacheOptions.now ? { now: cacheOptions.now } : {}),
  });
  return {
    async find(tenantId: string): Promise<TenantFacts | undefined> {
      const row = await tenantQuery(ex).where('t.id', '=', tenantId).executeTakeFirst();
      return row ? toFacts(row) : undefined;
    },
    /**
     * The tenant of an identity zone (zone id = subaccount id), from memory when read within TENANT_CACHE_TTL_MS;
     * a zone without a tenant is read every time, so a tenant created a moment ago counts at once.
     */
    findByZone(zoneId: string): Promise<TenantFacts | undefined> {
      return byZone.get(zoneId, async () => {
        const row = await tenantQuery(ex).where('s.id', '=', zoneId).executeTakeFirst();
        return row ? toFacts(row) : undefined;
      });
    },
    /** The tenant of `zoneId` changed or was deleted in this process (call after the commit): read it again. */
    forgetZone(zoneId: string): void {
      byZone.forget(zoneId);
    },
    async list(): Promise<TenantFacts[]> {
      return (await tenantQuery(ex).orderBy('t.name').execute()).map(toFacts);
    },
  };
}

export type TenantDirectory = ReturnType<typeof createTenantDirectory>;
