/**
 * Reading the "SAP Cloud ALM Service Key" slot: the tenants a person sees with their slot's state, the view
 * (secrets masked, with the key's observed use; not audited, it holds no secret), and the audited reads of the
 * secret: reveal and download.
 * `slotViewOf` and `requireKey` are shared with upload and delete.
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { DomainError } from '../shared/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { authorizedTenant, tenantResource } from './slot.access.js';
import * as repo from './slot.repo.js';
import * as rotationRepo from './rotation.repo.js';
import { slotRotationSummary } from './rotation.view.js';
import * as objectsRepo from './managed-objects.repo.js';
import { allowedActions, keyView, type ObservedUse, type SlotView } from './slot.view.js';
import { keyFileName, openKey } from './stored-key.js';
import { LANDSCAPE_ERRORS } from './errors.js';

/** What the slot of a tenant shows this actor, and what the actor may do with it. */
export async function slotViewOf(deps: LandscapeDeps, actor: Actor, tenant: LandscapeTenant): Promise<SlotView> {
  const { db, secrets } = deps;
  const row = await repo.findKey(db, tenant.tenantId);
  const base = { tenantId: tenant.tenantId, tenantName: tenant.name, identityZone: tenant.identityZone };
  if (!row) return { ...base, slot: 'empty', key: null, actions: allowedActions(actor, tenantResource(tenant), false) };
  const { document } = openKey(secrets, row);
  const rotation = await rotationRepo.findActiveRotation(deps.db, tenant.tenantId);
  const actions = allowedActions(actor, tenantResource(tenant), true, {
    uploadToRotation: rotation?.state === 'waiting_upload',
  });
  return {
    ...base,
    ...(rotation ? { rotation: slotRotationSummary(rotation) } : {}),
    slot: 'filled',
    key: keyView(row, document, await observedUse(deps, tenant, row), deps.clock.now()),
    actions,
  };
}

async function observedUse(deps: LandscapeDeps, tenant: LandscapeTenant, row: repo.SlotRow): Promise<ObservedUse> {
  const lastTokenAt =
    row.binding_id && deps.keyUsage
      ? await deps.keyUsage.lastTokenIssuedAt(tenant.zoneId, row.client_id, row.binding_id)
      : null;
  const push = await objectsRepo.lastPushWithClient(deps.db, row.tenant_id, row.client_id);
  return { lastTokenAt, lastPush: push?.last_push_at ? { at: push.last_push_at, to: push.name } : null };
}

/** The key in the slot, or the 404 of an empty slot. */
export async function requireKey(deps: LandscapeDeps, tenant: LandscapeTenant): Promise<repo.SlotRow> {
  const row = await repo.findKey(deps.db, tenant.tenantId);
  if (!row)
    throw new DomainError(
      'not_found',
      LANDSCAPE_ERRORS.slot_empty,
      `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" is empty.`,
    );
  return row;
}

export function createSlotReads(deps: LandscapeDeps) {
  const { db, audit, secrets } = deps;
  const viewOf = (actor: Actor, tenant: LandscapeTenant) => slotViewOf(deps, actor, tenant);

  return {
    /** Tenants in which the actor holds any Landscape Management role, with the state of their slot. */
    async listTenants(actor: Actor) {
      const tenants = await deps.tenants.list();
      const visible = [];
      for (const tenant of tenants) {
        const lmRoles = actor.assignments.filter(
          (a) => a.scopeType === 'tenant' && a.scopeId === tenant.tenantId && a.role.startsWith('x_landscape_'),
        );
        if (lmRoles.length === 0) continue;
        const row = await repo.findKey(db, tenant.tenantId);
        visible.push({
          tenantId: tenant.tenantId,
          name: tenant.name,
          identityZone: tenant.identityZone,
          roles: lmRoles.map((a) => a.role),
          slot: row ? 'filled' : 'empty',
          ...(row ? { status: row.status, deletedInBtp: row.deleted_in_btp_at !== null } : {}),
        });
      }
      return visible;
    },

    /**
     * The slot with every secret masked. Not audited: the service-key page loads it on every visit and after each
     * action, and it holds no secret, so recording it would fill the audit log with "reads" of nothing. The reads
     * of the secret are reveal and download below.
     */
    async view(actor: Actor, tenantId: string): Promise<SlotView> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.view');
      return viewOf(actor, tenant);
    },

    /** The key as uploaded, secrets included: only for those whose role allows it, and audited. */
    async reveal(actor: Actor, tenantId: string): Promise<{ name: string; content: string }> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.reveal');
      const row = await requireKey(deps, tenant);
      const { text } = openKey(secrets, row);
      await audit.record(db, {
        action: 'lm.service_key.revealed',
        outcome: 'success',
        actor: toAuditActor(actor),
        tenantId,
        targetId: row.id,
        details: { name: row.name },
      });
      return { name: row.name, content: text };
    },

    /** The bytes exactly as uploaded, with a file name for `Content-Disposition`. */
    async download(actor: Actor, tenantId: string): Promise<{ fileName: string; bytes: Buffer }> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.download');
      const row = await requireKey(deps, tenant);
      const { bytes } = openKey(secrets, row);
      await audit.record(db, {
        action: 'lm.service_key.downloaded',
        outcome: 'success',
        actor: toAuditActor(actor),
        tenantId,
        targetId: row.id,
        details: { name: row.name, sizeBytes: bytes.length },
      });
      return { fileName: keyFileName(row.name), bytes };
    },
  };
}
