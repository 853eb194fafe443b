/** SQL of recently deleted slot keys (the recovery window). Every function takes the tenant first, except the sweep. */
import type { Executor, LmDeletedKeysTable } from '../store/index.js';

export type DeletedKeyRow = LmDeletedKeysTable;

export const keepDeletedKey = (ex: Executor, row: DeletedKeyRow) =>
  ex.insertInto('lm_deleted_keys').values(row).execute();

/** The tenant's deleted keys still within the window (deleted at or after `since`), newest first. */
export const listDeletedKeys = (ex: Executor, tenantId: string, since: string) =>
  ex
    .selectFrom('lm_deleted_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', '>=', since)
    .orderBy('deleted_at', 'desc')
    .orderBy('id')
    .execute();

export async function removeDeletedKey(ex: Executor, tenantId: string, id: string): Promise<boolean> {
  const result = await ex
    .deleteFrom('lm_deleted_keys')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The sweep: keys deleted before `before`, in every tenant. */
export async function purgeDeletedKeysBefore(ex: Executor, before: string): Promise<number> {
  const result = await ex.deleteFrom('lm_deleted_keys').where('deleted_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
