/** SQL of the per-day call counts of client ids (landscape/client-calls.ts). Every read takes the zone first. */
import { sql } from 'kysely';
import type { Executor, LmClientCallsTable } from '../store/index.js';

export type ClientCallRow = LmClientCallsTable;

/** Adds counted calls to their rows (one statement per row; the batch of one flush is small). */
export async function addCalls(ex: Executor, rows: readonly ClientCallRow[]): Promise<void> {
  for (const row of rows) {
    await ex
      .insertInto('lm_client_calls')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['zone_id', 'client_id', 'client_address', 'day', 'kind']).doUpdateSet({
          calls: sql<number>`lm_client_calls.calls + excluded.calls`,
          last_at: sql<string>`case when excluded.last_at > lm_client_calls.last_at then excluded.last_at else lm_client_calls.last_at end`,
        }),
      )
      .execute();
  }
}

/** The calls of one client id in its zone since `fromDay` (inclusive). */
export const callsOfClient = (ex: Executor, zoneId: string, clientId: string, fromDay: string) =>
  ex
    .selectFrom('lm_client_calls')
    .selectAll()
    .where('zone_id', '=', zoneId)
    .where('client_id', '=', clientId)
    .where('day', '>=', fromDay)
    .execute();

/** Retention: rows of days before `beforeDay`. */
export async function purgeCallsBefore(ex: Executor, beforeDay: string): Promise<number> {
  const result = await ex.deleteFrom('lm_client_calls').where('day', '<', beforeDay).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Managed services and systems of the tenant whose last push was made with this client id, newest first. */
export const objectsPushedWithClient = (ex: Executor, tenantId: string, clientId: string) =>
  ex
    .selectFrom('lm_managed_objects')
    .select(['id', 'name', 'kind', 'last_push_at'])
    .where('tenant_id', '=', tenantId)
    .where('last_push_client_id', '=', clientId)
    .where('last_push_at', 'is not', null)
    .orderBy('last_push_at', 'desc')
    .orderBy('id')
    .execute();
