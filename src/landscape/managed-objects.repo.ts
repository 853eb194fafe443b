/** SQL of managed services and systems. Every function takes the tenant first (docs/ARCHITECTURE.md rule 5). */
import type { Executor, LmManagedObjectsTable } from '../store/index.js';

export type ManagedObjectRow = LmManagedObjectsTable;

export const insertObject = (ex: Executor, row: ManagedObjectRow) =>
  ex.insertInto('lm_managed_objects').values(row).execute();

export const listObjects = (ex: Executor, tenantId: string) =>
  ex
    .selectFrom('lm_managed_objects')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .orderBy('id')
    .execute();

export const findObject = (ex: Executor, tenantId: string, id: string) =>
  ex
    .selectFrom('lm_managed_objects')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const findByExternalId = (ex: Executor, tenantId: string, externalId: string) =>
  ex
    .selectFrom('lm_managed_objects')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();

export const setMonitoring = (ex: Executor, tenantId: string, id: string, enabled: boolean) =>
  ex
    .updateTable('lm_managed_objects')
    .set({ monitoring_enabled: enabled ? 1 : 0 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();

/** Gives an object its LMS ID unless it has one already (a concurrent registration may have won); true when this call set it. */
export async function markRegistered(
  ex: Executor,
  tenantId: string,
  id: string,
  values: { lms_id: string; registered_at: string },
): Promise<boolean> {
  const result = await ex
    .updateTable('lm_managed_objects')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('lms_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Observed use: the last push, and with which client id. Only moves forward in time. */
export const recordPush = (ex: Executor, tenantId: string, id: string, at: string, clientId: string) =>
  ex
    .updateTable('lm_managed_objects')
    .set({ last_push_at: at, last_push_client_id: clientId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_push_at', 'is', null), eb('last_push_at', '<', at)]))
    .execute();

/** The most recent push made with this client id in the tenant, and to which object. */
export const lastPushWithClient = (ex: Executor, tenantId: string, clientId: string) =>
  ex
    .selectFrom('lm_managed_objects')
    .select(['name', 'last_push_at'])
    .where('tenant_id', '=', tenantId)
    .where('last_push_client_id', '=', clientId)
    .orderBy('last_push_at', 'desc')
    .executeTakeFirst();
