/** SQL of the certificate-expiry sweep (certificate-expiry.ts): the slot keys to look at, and the thresholds warned. */
import type { Executor } from '../store/index.js';

/** Every slot key with what the sweep needs: no sealed key, only its summary (which holds the certificates' dates). */
export const listSlotKeySummaries = (ex: Executor) =>
  ex
    .selectFrom('lm_service_keys')
    .select(['tenant_id', 'id', 'name', 'client_id', 'summary'])
    .orderBy('tenant_id')
    .execute();

export const findSlotKeyId = async (ex: Executor, tenantId: string): Promise<string | undefined> =>
  (await ex.selectFrom('lm_service_keys').select('id').where('tenant_id', '=', tenantId).executeTakeFirst())?.id;

/** Notes the threshold as warned; false when it was already (by an earlier sweep or another process). */
export async function claimWarning(
  ex: Executor,
  row: { tenant_id: string; key_id: string; threshold_days: number; not_after: string; warned_at: string },
): Promise<boolean> {
  const result = await ex
    .insertInto('lm_certificate_warnings')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'key_id', 'threshold_days']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
