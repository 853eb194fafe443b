/** The one row of `dev_clock` (migration 022): the offset every process on the database runs with. */
import { sql } from 'kysely';
import type { Executor } from '../store/index.js';

const ID = 'clock';

/** The stored offset in milliseconds (0 when the row is missing, which migration 022 never leaves). */
export async function readOffsetMs(db: Executor): Promise<number> {
  const row = await db.selectFrom('dev_clock').select('offset_ms').where('id', '=', ID).executeTakeFirst();
  return row ? Number(row.offset_ms) : 0;
}

/**
 * Adds `byMs` in one statement (two processes advancing at once both count), unless the result would pass
 * `maxOffsetMs`. Returns the new offset, or undefined when it would be over the bound (nothing written).
 */
export async function addOffsetMs(
  tx: Executor,
  byMs: number,
  maxOffsetMs: number,
  changedAt: string,
): Promise<number | undefined> {
  const row = await tx
    .updateTable('dev_clock')
    .set({ offset_ms: sql<number>`offset_ms + ${byMs}`, changed_at: changedAt })
    .where('id', '=', ID)
    .where(sql<boolean>`offset_ms + ${byMs} <= ${maxOffsetMs}`)
    .returning('offset_ms')
    .executeTakeFirst();
  return row ? Number(row.offset_ms) : undefined;
}

/** Sets the offset back to 0; returns the one it replaced. */
export async function resetOffset(tx: Executor, changedAt: string): Promise<number> {
  const before = await readOffsetMs(tx);
  await tx.updateTable('dev_clock').set({ offset_ms: 0, changed_at: changedAt }).where('id', '=', ID).execute();
  return before;
}
