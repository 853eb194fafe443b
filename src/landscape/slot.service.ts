/**
 * The "SAP Cloud ALM Service Key" section of Landscape Management: one key per tenant. Upload runs the
 * format check (F1-F4 with this tenant's identity zone) and then F5 atomically in the database; display
 * masks secrets; reveal and download are audited reads; delete removes only this copy, never the BTP binding.
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { newId } from '../crypto/index.js';
import {
  RULE_F5_SLOT_EMPTY,
  RULE_SIZE,
  validateServiceKey,
  type JsonObject,
  type ValidationReport,
} from '../service-key/index.js';
import { conflict, DomainError, type Problem } from '../shared/index.js';
import { isUniqueViolation, withTx } from '../store/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { authorizedTenant, tenantResource } from './slot.access.js';
import * as repo from './slot.repo.js';
import * as objectsRepo from './managed-objects.repo.js';
import { allowedActions, keyView, type ObservedUse, type SlotView } from './slot.view.js';
import { createBtpDeletionWatcher } from './btp-deletion.js';
import { deletedInBtpReason, deletedInBtpWarning } from './status.js';
import { bindingIdOfSecret, keyFileName, sealKey, openKey, clientSecretOf } from './stored-key.js';
import { LANDSCAPE_ERRORS } from './errors.js';

export interface UploadInput {
  readonly bytes: Buffer;
  /** The file's name as the browser sent it, kept for display only. */
  readonly fileName?: string;
  /** The file's real size when `bytes` holds only its first part (the reader stopped at its bound). */
  readonly totalBytes?: number;
}

export interface UploadOutcome {
  readonly stored: boolean;
  readonly valid: boolean;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  readonly view?: SlotView;
}

const slotFullMessage = (row: repo.SlotRow) =>
  `This tenant's SAP Cloud ALM Service Key slot already holds a key ("${row.name}", ${row.source === 'provisioned' ? 'placed by provisioning' : `uploaded by ${row.uploaded_by_name}`} on ${row.uploaded_at}). ` +
  'Only one key per tenant: delete it first, then upload the new one.';

export function createSlotService(deps: LandscapeDeps) {
  const { db, audit, clock, secrets } = deps;
  const btpDeletions = createBtpDeletionWatcher(deps);

  async function viewOf(actor: Actor, tenant: LandscapeTenant): Promise<SlotView> {
    const row = await repo.findKey(db, tenant.tenantId);
    const base = { tenantId: tenant.tenantId, tenantName: tenant.name, identityZone: tenant.identityZone };
    const actions = allowedActions(actor, tenantResource(tenant), row !== undefined);
    if (!row) return { ...base, slot: 'empty', key: null, actions };
    const { document } = openKey(secrets, row);
    return { ...base, slot: 'filled', key: keyView(row, document, await observedUse(tenant, row)), actions };
  }

  async function observedUse(tenant: LandscapeTenant, row: repo.SlotRow): Promise<ObservedUse> {
    const lastTokenAt =
      row.binding_id && deps.keyUsage
        ? await deps.keyUsage.lastTokenIssuedAt(tenant.zoneId, row.client_id, row.binding_id)
        : null;
    const push = await objectsRepo.lastPushWithClient(db, row.tenant_id, row.client_id);
    return { lastTokenAt, lastPush: push?.last_push_at ? { at: push.last_push_at, to: push.name } : null };
  }

  async function requireKey(tenant: LandscapeTenant): Promise<repo.SlotRow> {
    const row = await repo.findKey(db, tenant.tenantId);
    if (!row)
      throw new DomainError(
        'not_found',
        LANDSCAPE_ERRORS.slot_empty,
        `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" is empty.`,
      );
    return row;
  }

  // The format check refuses files over 64 KiB itself (rule size), before it reads them.
  const check = (tenant: LandscapeTenant, bytes: Buffer, totalBytes?: number): ValidationReport =>
    validateServiceKey(bytes, {
      tenantIdentityZone: tenant.identityZone,
      now: clock.now(),
      ...(totalBytes === undefined ? {} : { totalBytes }),
    });

  const deletedCredentialOf = (document: JsonObject, clientId: string) =>
    repo.findDeletedCredential(db, clientId, secrets.fingerprint(clientSecretOf(document)));

  async function refuse(
    actor: Actor,
    tenant: LandscapeTenant,
    reason: 'format_check' | 'slot_full',
    rules: string[],
    sizeBytes: number,
  ): Promise<void> {
    await audit.record(db, {
      action: 'lm.service_key.upload_refused',
      outcome: 'failure',
      actor: toAuditActor(actor),
      tenantId: tenant.tenantId,
      details: { reason, rules, sizeBytes },
    });
  }

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

    async view(actor: Actor, tenantId: string): Promise<SlotView> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.view');
      const view = await viewOf(actor, tenant);
      if (view.key)
        await audit.record(db, {
          action: 'lm.service_key.viewed',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId,
          targetId: view.key.id,
          details: { name: view.key.name },
        });
      return view;
    },

    /** The key as uploaded, secrets included: only for those whose role allows it, and audited. */
    async reveal(actor: Actor, tenantId: string): Promise<{ name: string; content: string }> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.reveal');
      const row = await requireKey(tenant);
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
      const row = await requireKey(tenant);
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

    /**
     * Upload (`+`). With `dryRun` only the format check runs (F5 included, read without a lock) and nothing
     * is stored. Refusals are audited; a format-check refusal comes back as an outcome, not an exception,
     * so that the caller can show errors and warnings together.
     */
    async upload(
      actor: Actor,
      tenantId: string,
      input: UploadInput,
      options: { dryRun?: boolean } = {},
    ): Promise<UploadOutcome> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.upload');
      const report = check(tenant, input.bytes, input.totalBytes);
      // the size rule (service-key's 64 KiB, one owner) answers 413 after authorization, audited as a refused upload
      const oversize = report.errors.find((e) => e.rule === RULE_SIZE);
      if (oversize) {
        if (!options.dryRun)
          await refuse(actor, tenant, 'format_check', [RULE_SIZE], input.totalBytes ?? input.bytes.length);
        throw new DomainError('too_large', LANDSCAPE_ERRORS.key_too_large, oversize.message, { details: [oversize] });
      }
      const existing = await repo.findKey(db, tenant.tenantId);
      const slotProblem: Problem[] = existing
        ? [{ path: '$', rule: RULE_F5_SLOT_EMPTY, message: slotFullMessage(existing) }]
        : [];
      if (!report.valid || !report.key) {
        if (!options.dryRun)
          await refuse(
            actor,
            tenant,
            'format_check',
            report.errors.map((e) => e.rule ?? 'schema'),
            input.bytes.length,
          );
        return { stored: false, valid: false, errors: [...report.errors, ...slotProblem], warnings: report.warnings };
      }
      if (options.dryRun) {
        // the real upload flags a copy whose binding BTP already deleted; the dry run says so before anything is stored
        const deleted = await deletedCredentialOf(report.key.document, report.key.summary.clientId ?? '');
        const warnings = deleted ? [...report.warnings, deletedInBtpWarning(deleted.deleted_at)] : report.warnings;
        return { stored: false, valid: slotProblem.length === 0, errors: slotProblem, warnings };
      }
      if (existing) {
        await refuse(actor, tenant, 'slot_full', [RULE_F5_SLOT_EMPTY], input.bytes.length);
        throw new DomainError('conflict', LANDSCAPE_ERRORS.slot_full, slotFullMessage(existing), {
          details: slotProblem,
          warnings: report.warnings,
        });
      }
      await storeKey(
        tenant,
        {
          bytes: input.bytes,
          document: report.key.document,
          report,
          fileName: input.fileName ?? null,
          source: 'uploaded',
          bindingId: null,
          by: { id: actor.userId, name: actor.username },
        },
        actor,
      );
      return { stored: true, valid: true, errors: [], warnings: report.warnings, view: await viewOf(actor, tenant) };
    },

    /** Deletes the copy; with `expectedKeyId` only if the slot still holds that key (a stale page must not delete a newer one). */
    async remove(actor: Actor, tenantId: string, expectedKeyId?: string): Promise<void> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.delete');
      const row = await requireKey(tenant);
      if (expectedKeyId !== undefined && row.id !== expectedKeyId) {
        throw conflict(
          LANDSCAPE_ERRORS.key_changed,
          `The slot now holds another key than the one you meant to delete (${row.source === 'provisioned' ? 'placed by provisioning' : `uploaded by ${row.uploaded_by_name}`} on ${row.uploaded_at}). Reload and check before deleting.`,
        );
      }
      await withTx(db, async (tx) => {
        if (!(await repo.deleteKey(tx, tenant.tenantId, row.id)))
          throw new DomainError(
            'not_found',
            LANDSCAPE_ERRORS.slot_empty,
            `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" is empty.`,
          );
        await audit.record(tx, {
          action: 'lm.service_key.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId,
          targetId: row.id,
          details: { name: row.name, clientId: row.client_id },
        });
      });
    },

    /**
     * Provisioning (from the auto-upload cutoff) places its generated key here. A slot that is already
     * filled keeps its key: provisioning never overwrites what a person uploaded.
     */
    async placeProvisionedKey(input: {
      tenantId: string;
      keyText: string;
      bindingId: string;
    }): Promise<{ placed: boolean; reason?: string }> {
      const tenant = await deps.tenants.find(input.tenantId);
      if (!tenant) return { placed: false, reason: 'unknown tenant' };
      const bytes = Buffer.from(input.keyText, 'utf8');
      const report = check(tenant, bytes);
      if (!report.valid || !report.key)
        return {
          placed: false,
          reason: `the generated key fails the format check (${report.errors.map((e) => e.rule).join(', ')})`,
        };
      try {
        await storeKey(
          tenant,
          {
            bytes,
            document: report.key.document,
            report,
            fileName: null,
            source: 'provisioned',
            bindingId: input.bindingId,
            by: { id: null, name: 'SAP Cloud ALM provisioning' },
          },
          undefined,
        );
      } catch (error) {
        if (error instanceof DomainError && error.code === LANDSCAPE_ERRORS.slot_full)
          return { placed: false, reason: 'the slot already holds a key' };
        throw error;
      }
      return { placed: true };
    },
  };

  async function storeKey(
    tenant: LandscapeTenant,
    input: {
      bytes: Buffer;
      document: JsonObject;
      report: ValidationReport;
      fileName: string | null;
      source: 'uploaded' | 'provisioned';
      bindingId: string | null;
      by: { id: string | null; name: string };
    },
    actor: Actor | undefined,
  ): Promise<void> {
    const summary = input.report.key!.summary;
    const clientId = summary.clientId ?? '';
    const fingerprint = secrets.fingerprint(clientSecretOf(input.document));
    const id = newId();
    const now = clock.now().toISOString();
    const deleted = await repo.findDeletedCredential(db, clientId, fingerprint);
    const row: repo.SlotRow = {
      tenant_id: tenant.tenantId,
      id,
      name: tenant.identityZone,
      source: input.source,
      key_sealed: sealKey(secrets, tenant.tenantId, id, input.bytes),
      file_name: input.fileName,
      size_bytes: input.bytes.length,
      client_id: clientId,
      secret_fingerprint: fingerprint,
      binding_id: input.bindingId ?? bindingIdOfSecret(clientSecretOf(input.document)),
      summary: JSON.stringify(summary),
      warnings: JSON.stringify(input.report.warnings),
      uploaded_by_id: input.by.id,
      uploaded_by_name: input.by.name,
      uploaded_at: now,
      status: deleted ? 'failed' : 'unknown',
      status_reason: deleted ? deletedInBtpReason(deleted.deleted_at) : null,
      status_at: deleted ? now : null,
      last_test: null,
      deleted_in_btp_at: deleted ? deleted.deleted_at : null,
    };
    try {
      await withTx(db, async (tx) => {
        await repo.insertKey(tx, row);
        await audit.record(tx, {
          action: 'lm.service_key.uploaded',
          outcome: 'success',
          actor: actor ? toAuditActor(actor) : { type: 'system', name: input.by.name },
          tenantId: tenant.tenantId,
          targetId: id,
          details: {
            name: row.name,
            source: input.source,
            clientId,
            sizeBytes: input.bytes.length,
            warningRules: input.report.warnings.map((w) => w.rule ?? 'lint'),
            deletedInBtp: deleted !== undefined,
          },
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // F5 lost a race: another upload filled the slot between our read and our insert.
      const winner = await repo.findKey(db, tenant.tenantId);
      if (actor) await refuse(actor, tenant, 'slot_full', [RULE_F5_SLOT_EMPTY], input.bytes.length);
      const message = winner
        ? slotFullMessage(winner)
        : "This tenant's SAP Cloud ALM Service Key slot already holds a key. Only one key per tenant: delete it first.";
      throw new DomainError('conflict', LANDSCAPE_ERRORS.slot_full, message, {
        details: [{ path: '$', rule: RULE_F5_SLOT_EMPTY, message }],
        warnings: input.report.warnings,
      });
    }
    if (!deleted) {
      // The binding may have been deleted in BTP between the look-up above and the insert: its watcher then
      // found no copy to flag, so look again now that the copy is there.
      const deletedMeanwhile = await repo.findDeletedCredential(db, clientId, fingerprint);
      if (deletedMeanwhile)
        await btpDeletions.onBindingDeleted({
          bindingId: deletedMeanwhile.binding_id,
          clientId,
          secretFingerprint: fingerprint,
          deletedAt: deletedMeanwhile.deleted_at,
        });
    }
  }
}

export type SlotService = ReturnType<typeof createSlotService>;
