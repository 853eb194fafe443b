/**
 * SAP's caution, handled: deleting a binding (or its instance) in BTP leaves the copy in the slot, and in
 * SAP that copy then silently stops working. calm-keys keeps the copy (same behaviour) but recognises it by
 * client id and keyed secret fingerprint and flags it at once: status red, with the reason and what to do.
 * The credential is remembered, so that uploading an already dead copy later is flagged on upload too.
 * Idempotent, as the outbox that delivers btp's event needs (at least once): a copy flagged already, or a
 * credential remembered already, is left as it is, and no second audit record is written.
 */
import type { LandscapeDeps } from './landscape.deps.js';
import * as repo from './slot.repo.js';
import { deletedInBtpReason } from './status.js';
import { withTx } from '../store/index.js';

export interface DeletedBinding {
  readonly bindingId: string;
  readonly clientId: string;
  readonly secretFingerprint: string;
}

export function createBtpDeletionWatcher(deps: Pick<LandscapeDeps, 'db' | 'audit' | 'clock' | 'events'>) {
  const { db, audit, clock } = deps;
  return {
    /** Returns the tenants whose slot copy was flagged. `deletedAt` (default now) is when BTP deleted it. */
    async onBindingDeleted(event: DeletedBinding & { readonly deletedAt?: string }): Promise<string[]> {
      const at = event.deletedAt ?? clock.now().toISOString();
      const flagged: string[] = [];
      await withTx(db, async (tx) => {
        await repo.rememberDeletedCredential(tx, {
          secret_fingerprint: event.secretFingerprint,
          client_id: event.clientId,
          binding_id: event.bindingId,
          deleted_at: at,
        });
        for (const row of await repo.findByCredential(tx, event.clientId, event.secretFingerprint)) {
          if (row.deleted_in_btp_at) continue;
          // conditional: of two deliveries of one event at once (the outbox delivers at least once) one flags
          const marked = await repo.markDeletedInBtp(tx, row.tenant_id, row.id, {
            deleted_in_btp_at: at,
            status: 'failed',
            status_reason: deletedInBtpReason(at),
            status_at: at,
          });
          if (!marked) continue;
          await deps.events?.record(tx, 'key.deleted_in_btp', {
            tenantId: row.tenant_id,
            at,
            clientId: row.client_id,
            deletedAt: at,
          });
          // the copy was green (or untested): flagging it turned it red
          if (row.status !== 'failed')
            await deps.events?.record(tx, 'key.turned_red', {
              tenantId: row.tenant_id,
              at,
              reason: deletedInBtpReason(at),
              previousStatus: row.status,
            });
          await audit.record(tx, {
            action: 'lm.service_key.deleted_in_btp',
            outcome: 'success',
            actor: { type: 'system', name: 'BTP binding deletion' },
            tenantId: row.tenant_id,
            targetId: row.id,
            details: { name: row.name, clientId: row.client_id, bindingId: event.bindingId },
          });
          flagged.push(row.tenant_id);
        }
      });
      return flagged;
    },
  };
}
