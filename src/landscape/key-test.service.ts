/**
 * Test Service Key: can the key in the slot log on to the SAP Cloud ALM API? Runs the online test (token,
 * signature, claims with this tenant's zone, one side-effect-free API call) outside any transaction, then
 * stores the status: green (active) or red (failed, with the step and a reason a person understands).
 */
import { toAuditActor, type Actor } from '../access/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { DomainError } from '../shared/index.js';
import type { LandscapeDeps } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import * as repo from './slot.repo.js';
import type { LastTest } from './slot.view.js';
import { deletedInBtpReason, failedTestReason, passedTestReason, type KeyStatus } from './status.js';
import { openKey } from './stored-key.js';

export interface KeyTestOutcome {
  readonly status: KeyStatus;
  readonly reason: string | null;
  readonly at: string;
  readonly result: KeyTestResult;
  /** False when the slot changed while the test ran; the result then describes a key no longer there. */
  readonly recorded: boolean;
}

export function createKeyTestService(deps: LandscapeDeps) {
  const { db, audit, clock, secrets } = deps;
  return {
    async test(actor: Actor, tenantId: string): Promise<KeyTestOutcome> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.test');
      const row = await repo.findKey(db, tenant.tenantId);
      if (!row) throw new DomainError('not_found', 'lm.slot_empty', `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" is empty: there is nothing to test.`);
      const { document } = openKey(secrets, row);

      const result = await deps.testKey(document, { expectedZoneId: tenant.zoneId });

      const at = clock.now().toISOString();
      let status: KeyStatus = result.ok ? 'active' : 'failed';
      let reason = result.ok ? passedTestReason(result.warnings) : failedTestReason(result.failedStep ?? 'unknown', result.reason ?? 'no reason given', row.deleted_in_btp_at);
      const lastTest: LastTest = { at, by: actor.username, result };
      let recorded = await repo.recordTest(db, tenant.tenantId, row.id, { status, status_reason: reason, status_at: at, last_test: JSON.stringify(lastTest) }, { unlessDeletedInBtp: result.ok });
      if (!recorded && result.ok) {
        // The binding was deleted in BTP while the test ran (its token was issued just before): the copy stays red.
        const now = await repo.findKey(db, tenant.tenantId);
        if (now?.id === row.id && now.deleted_in_btp_at) {
          status = 'failed';
          reason = deletedInBtpReason(now.deleted_in_btp_at);
          recorded = await repo.recordTest(db, tenant.tenantId, row.id, { status, status_reason: reason, status_at: at, last_test: JSON.stringify(lastTest) });
        }
      }
      await audit.record(db, {
        action: 'lm.service_key.tested',
        outcome: result.ok ? 'success' : 'failure',
        actor: toAuditActor(actor),
        tenantId: tenant.tenantId,
        targetId: row.id,
        details: { name: row.name, ok: result.ok, failedStep: result.failedStep ?? null, status },
      });
      return { status, reason, at, result, recorded };
    },
  };
}

export type KeyTestService = ReturnType<typeof createKeyTestService>;
