/** The SQL of fault injection: one system-wide table (migration 021), listed oldest first. */
import type { Executor, FaultsTable } from '../store/index.js';

export type FaultRow = FaultsTable;

export async function insertFault(ex: Executor, row: FaultRow): Promise<void> {
  await ex.insertInto('faults').values(row).execute();
}

/** The faults active at `now` (no expiry, or one after it), oldest first: the matcher's order. */
export function listActiveFaults(ex: Executor, now: string): Promise<FaultRow[]> {
  return ex
    .selectFrom('faults')
    .selectAll()
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findFault(ex: Executor, id: string): Promise<FaultRow | undefined> {
  return ex.selectFrom('faults').selectAll().where('id', '=', id).executeTakeFirst();
}

/** False when it was not there. */
export async function deleteFault(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('faults').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Deletes every fault; how many were active at `now`. */
export async function deleteAllFaults(ex: Executor, now: string): Promise<number> {
  const active = (await listActiveFaults(ex, now)).length;
  await ex.deleteFrom('faults').execute();
  return active;
}

/** Rows past their expiry: nothing applies them any more. */
export async function deleteExpiredFaults(ex: Executor, now: string): Promise<void> {
  await ex.deleteFrom('faults').where('expires_at', '<=', now).execute();
}
