/**
 * Recently deleted keys, as AWS Secrets Manager's recovery window: a key deleted from the slot is kept as it
 * was (its bytes still sealed with the tenant and key id as context) for `deletedKeyRetentionDays` (default 7),
 * listed without any secret, and restorable into an empty slot (409 `lm.slot_full` otherwise: the insert
 * decides, as for an upload). After the window the sweep purges it. The BTP binding is never touched, as
 * with SAP's delete: a restored copy of a binding deleted in BTP meanwhile is flagged red at once.
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { conflict, DomainError } from '../shared/index.js';
import { isUniqueViolation, withTx, type Executor } from '../store/index.js';
import type { LandscapeDeps } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import * as repo from './slot.repo.js';
import * as deletedRepo from './deleted-keys.repo.js';
import type { DeletedKeyView } from './blast-radius.view.js';
import { deletedInBtpReason } from './status.js';
import { LANDSCAPE_ERRORS } from './errors.js';

export const DEFAULT_DELETED_KEY_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;

const retentionMs = (deps: LandscapeDeps) =>
  (deps.deletedKeyRetentionDays ?? DEFAULT_DELETED_KEY_RETENTION_DAYS) * DAY_MS;

/** In the delete's transaction: keeps the deleted row for the recovery window. */
export async function keepDeletedKey(
  tx: Executor,
  row: repo.SlotRow,
  deleted: { at: string; byId: string | null; byName: string },
): Promise<void> {
  await deletedRepo.keepDeletedKey(tx, {
    tenant_id: row.tenant_id,
    id: row.id,
    name: row.name,
    client_id: row.client_id,
    deleted_at: deleted.at,
    deleted_by_id: deleted.byId,
    deleted_by_name: deleted.byName,
    slot_row: JSON.stringify(row),
  });
}

function view(deps: LandscapeDeps, row: deletedRepo.DeletedKeyRow): DeletedKeyView {
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by_name,
    purgeAfter: new Date(Date.parse(row.deleted_at) + retentionMs(deps)).toISOString(),
  };
}

export function createSlotRestore(deps: LandscapeDeps) {
  const { db, audit, clock } = deps;
  const since = () => new Date(clock.now().getTime() - retentionMs(deps)).toISOString();
  const retentionDays = deps.deletedKeyRetentionDays ?? DEFAULT_DELETED_KEY_RETENTION_DAYS;

  return {
    /** The tenant's recently deleted keys (Viewer and Administrator), newest first; never a secret. */
    async listDeleted(
      actor: Actor,
      tenantId: string,
    ): Promise<{ num_items: number; retentionDays: number; items: DeletedKeyView[] }> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.view');
      const items = (await deletedRepo.listDeletedKeys(db, tenant.tenantId, since())).map((r) => view(deps, r));
      return { num_items: items.length, retentionDays, items };
    },

    /**
     * Puts a recently deleted key (the newest, or `deletedKeyId`) back into the empty slot, as it was. Needs the
     * right to upload (it fills the slot); audited as `lm.service_key.restored` in its transaction.
     */
    async restore(actor: Actor, tenantId: string, deletedKeyId?: string): Promise<DeletedKeyView> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.upload');
      const candidates = await deletedRepo.listDeletedKeys(db, tenant.tenantId, since());
      const chosen = deletedKeyId === undefined ? candidates[0] : candidates.find((c) => c.id === deletedKeyId);
      if (!chosen)
        throw new DomainError(
          'not_found',
          LANDSCAPE_ERRORS.deleted_key_not_found,
          deletedKeyId === undefined
            ? `Tenant "${tenant.name}" has no key deleted in the last ${retentionDays} days.`
            : `Tenant "${tenant.name}" has no recently deleted key "${deletedKeyId}" (purged after ${retentionDays} days, or restored already).`,
        );
      const slotFull = () =>
        conflict(
          LANDSCAPE_ERRORS.slot_full,
          `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" holds a key: delete it first, then restore.`,
        );
      if (await repo.findKey(db, tenant.tenantId)) throw slotFull();
      const row = JSON.parse(chosen.slot_row) as repo.SlotRow;
      const now = clock.now().toISOString();
      try {
        await withTx(db, async (tx) => {
          if (!(await deletedRepo.removeDeletedKey(tx, tenant.tenantId, chosen.id)))
            throw new DomainError(
              'not_found',
              LANDSCAPE_ERRORS.deleted_key_not_found,
              `The deleted key "${chosen.id}" was restored or purged meanwhile.`,
            );
          // deleted in BTP while it was in the recycle bin: the copy no longer works, say so at once
          const gone =
            row.deleted_in_btp_at === null
              ? await repo.findDeletedCredential(tx, row.client_id, row.secret_fingerprint)
              : undefined;
          const restored: repo.SlotRow = gone
            ? {
                ...row,
                deleted_in_btp_at: gone.deleted_at,
                status: 'failed',
                status_reason: deletedInBtpReason(gone.deleted_at),
                status_at: now,
              }
            : row;
          await repo.insertKey(tx, restored);
          await audit.record(tx, {
            action: 'lm.service_key.restored',
            outcome: 'success',
            actor: toAuditActor(actor),
            tenantId: tenant.tenantId,
            targetId: row.id,
            details: {
              name: row.name,
              clientId: row.client_id,
              deletedAt: chosen.deleted_at,
              deletedBy: chosen.deleted_by_name,
            },
          });
          await deps.events?.record(tx, 'key.restored', {
            tenantId: tenant.tenantId,
            at: now,
            clientId: row.client_id,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw slotFull();
        throw error;
      }
      await deps.events?.deliverCommitted();
      return view(deps, chosen);
    },
  };
}
