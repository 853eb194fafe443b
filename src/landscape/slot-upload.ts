/**
 * Filling the "SAP Cloud ALM Service Key" slot: a person's upload (the format check F1-F4 with this tenant's
 * identity zone, then F5 atomically in the database; every refusal audited) and the placement of a key that
 * provisioning generated, which never overwrites a key already there.
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
import { DomainError, type Problem } from '../shared/index.js';
import { isUniqueViolation, withTx } from '../store/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import { slotViewOf } from './slot-reads.js';
import * as repo from './slot.repo.js';
import type { SlotView } from './slot.view.js';
import { createBtpDeletionWatcher } from './btp-deletion.js';
import { createRotationService } from './rotation.service.js';
import { deletedInBtpReason, deletedInBtpWarning } from './status.js';
import { bindingIdOfSecret, sealKey, clientSecretOf } from './stored-key.js';
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

export function createSlotUpload(deps: LandscapeDeps) {
  const { db, audit, clock, secrets } = deps;
  const btpDeletions = createBtpDeletionWatcher(deps);
  const rotations = createRotationService(deps);
  const viewOf = (actor: Actor, tenant: LandscapeTenant) => slotViewOf(deps, actor, tenant);

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
      // staged rotation: while a manual rotation waits for the new key, the upload goes to its pending place
      const toRotation = existing !== undefined && (await rotations.waitsForUpload(tenant.tenantId));
      const slotProblem: Problem[] =
        existing && !toRotation ? [{ path: '$', rule: RULE_F5_SLOT_EMPTY, message: slotFullMessage(existing) }] : [];
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
      if (
        toRotation &&
        (await rotations.acceptUpload(actor, tenant, { bytes: input.bytes, fileName: input.fileName ?? null }))
      )
        return { stored: true, valid: true, errors: [], warnings: report.warnings, view: await viewOf(actor, tenant) };
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
        await deps.events?.record(tx, 'key.uploaded', {
          tenantId: tenant.tenantId,
          at: now,
          clientId,
          source: input.source === 'provisioned' ? 'provisioning' : 'upload',
        });
      });
      await deps.events?.deliverCommitted();
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
