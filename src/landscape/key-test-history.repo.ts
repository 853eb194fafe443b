/** SQL of the Test history (`lm_key_tests`) and the re-test schedule (`lm_test_schedule`). Tenant first (rule 5). */
import type { Executor, LmKeyTestsTable, LmTestScheduleTable } from '../store/index.js';

export type KeyTestRow = LmKeyTestsTable;
export type ScheduleRow = LmTestScheduleTable;

/** How many results are kept per tenant; older ones are pruned in the transaction that adds one. */
export const HISTORY_LIMIT = 50;

/** Adds a result as the tenant's newest and prunes all but the newest `HISTORY_LIMIT`; run it in the result's transaction. */
export async function appendTest(ex: Executor, row: Omit<KeyTestRow, 'seq'>): Promise<void> {
  const last = await ex
    .selectFrom('lm_key_tests')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', row.tenant_id)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  await ex
    .insertInto('lm_key_tests')
    .values({ ...row, seq })
    .execute();
  await ex
    .deleteFrom('lm_key_tests')
    .where('tenant_id', '=', row.tenant_id)
    .where('seq', '<=', seq - HISTORY_LIMIT)
    .execute();
}

/** The tenant's results, newest first. */
export const listTests = (ex: Executor, tenantId: string, limit = HISTORY_LIMIT) =>
  ex
    .selectFrom('lm_key_tests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();

export const findSchedule = (ex: Executor, tenantId: string) =>
  ex.selectFrom('lm_test_schedule').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();

/** Every filled slot with its schedule row, if it has one yet. */
export const listFilledSlotSchedules = (ex: Executor) =>
  ex
    .selectFrom('lm_service_keys as k')
    .leftJoin('lm_test_schedule as s', 's.tenant_id', 'k.tenant_id')
    .select(['k.tenant_id as tenantId', 's.next_test_at as nextTestAt'])
    .execute();

/** Schedules a tenant's first re-test unless it has a schedule already (another process may have placed it). */
export async function placeSchedule(ex: Executor, tenantId: string, nextTestAt: string): Promise<void> {
  await ex
    .insertInto('lm_test_schedule')
    .values({ tenant_id: tenantId, next_test_at: nextTestAt, last_scheduled_at: null })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
}

/**
 * Claims the tenant's due Test of this period: moves `next_test_at` from the value this process read to the next
 * one. Compare-and-set: of several processes that read the same value, exactly one updates the row.
 */
export async function claimScheduledTest(
  ex: Executor,
  tenantId: string,
  seen: string,
  claim: { next_test_at: string; last_scheduled_at: string },
): Promise<boolean> {
  const result = await ex
    .updateTable('lm_test_schedule')
    .set(claim)
    .where('tenant_id', '=', tenantId)
    .where('next_test_at', '=', seen)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
