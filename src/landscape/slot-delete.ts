/**
 * Deleting the key from the "SAP Cloud ALM Service Key" slot: removes only this copy, never the BTP binding,
 * and only the key the caller saw (a stale page must not delete a newer one); audited in its transaction.
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { conflict, DomainError } from '../shared/index.js';
import { withTx } from '../store/index.js';
import type { LandscapeDeps } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import { requireKey } from './slot-reads.js';
import * as repo from './slot.repo.js';
import { LANDSCAPE_ERRORS } from './errors.js';
import { checkRecentUse } from './blast-radius.js';
import { keepDeletedKey } from './slot-restore.js';

export function createSlotDeletion(deps: LandscapeDeps) {
  const { db, audit } = deps;

  return {
    /** Deletes the copy; with `expectedKeyId` only if the slot still holds that key (a stale page must not delete a newer one). */
    async remove(
      actor: Actor,
      tenantId: string,
      expectedKeyId?: string,
      options: { readonly confirmRecentlyUsed?: boolean } = {},
    ): Promise<void> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.delete');
      const row = await requireKey(deps, tenant);
      if (expectedKeyId !== undefined && row.id !== expectedKeyId) {
        throw conflict(
          LANDSCAPE_ERRORS.key_changed,
          `The slot now holds another key than the one you meant to delete (${row.source === 'provisioned' ? 'placed by provisioning' : `uploaded by ${row.uploaded_by_name}`} on ${row.uploaded_at}). Reload and check before deleting.`,
        );
      }
      // a key used in the last 24 h needs the confirmation (blast-radius.ts); refused before anything changes
      const recentlyUsed = await checkRecentUse(deps, actor, tenant, row, options.confirmRecentlyUsed === true);
      await withTx(db, async (tx) => {
        if (!(await repo.deleteKey(tx, tenant.tenantId, row.id)))
          throw new DomainError(
            'not_found',
            LANDSCAPE_ERRORS.slot_empty,
            `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" is empty.`,
          );
        // recoverable for the window (slot-restore.ts), sealed as it was
        await keepDeletedKey(tx, row, {
          at: deps.clock.now().toISOString(),
          byId: actor.userId,
          byName: actor.username,
        });
        await audit.record(tx, {
          action: 'lm.service_key.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId,
          targetId: row.id,
          details: { name: row.name, clientId: row.client_id, ...(recentlyUsed ? { recentlyUsed } : {}) },
        });
        await deps.events?.record(tx, 'key.deleted', {
          tenantId,
          at: deps.clock.now().toISOString(),
          clientId: row.client_id,
        });
      });
      await deps.events?.deliverCommitted();
    },
  };
}
