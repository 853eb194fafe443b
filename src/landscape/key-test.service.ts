/**
 * Test Service Key: can the key in the slot log on to the SAP Cloud ALM API? Runs the online test (token,
 * signature, claims with this tenant's zone, one side-effect-free API call) outside any transaction, then
 * stores the status: green (active) or red (failed, with the step and a reason a person understands).
 */
import { toAuditActor, type Actor } from '../access/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { newId } from '../crypto/index.js';
import { conflict, DomainError } from '../shared/index.js';
import { withTx } from '../store/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import * as repo from './slot.repo.js';
import type { LastTest } from './slot.view.js';
import { deletedInBtpReason, failedTestReason, passedTestReason, type KeyStatus } from './status.js';
import { openKey } from './stored-key.js';
import { LANDSCAPE_ERRORS } from './errors.js';

export interface KeyTestOutcome {
  readonly status: KeyStatus;
  readonly reason: string | null;
  readonly at: string;
  readonly result: KeyTestResult;
  /** False when the slot changed while the test ran; the result then describes a key no longer there. */
  readonly recorded: boolean;
}

/** How long a Test holds the tenant's lease when the key tester does not say how long it can take. */
export const DEFAULT_TEST_LEASE_MS = 3 * 60_000;

export function createKeyTestService(deps: LandscapeDeps) {
  const { db, audit, clock, secrets } = deps;

  /** One Test per tenant at a time, in every process on this database: the lease row decides. */
  async function takeLease(actor: Actor, tenant: { tenantId: string; name: string }): Promise<string> {
    const leaseId = newId();
    const now = clock.now();
    const expires = new Date(now.getTime() + (deps.testKey.maxDurationMs ?? DEFAULT_TEST_LEASE_MS));
    const lease = {
      tenant_id: tenant.tenantId,
      lease_id: leaseId,
      held_by: actor.username,
      started_at: now.toISOString(),
      expires_at: expires.toISOString(),
    };
    if (await repo.takeTestLease(db, lease)) return leaseId;
    const holder = await repo.findTestLease(db, tenant.tenantId);
    const who = holder ? ` (started by ${holder.held_by} at ${holder.started_at})` : '';
    throw conflict(
      LANDSCAPE_ERRORS.test_in_progress,
      `A Test of the service key of tenant "${tenant.name}" is already running${who}. Wait for its result, then reload; test again if you still need to.`,
    );
  }

  /** Stores the result only while this Test still holds the lease (an expired one may have passed to a newer Test). */
  const record = (
    tenantId: string,
    leaseId: string,
    keyId: string,
    values: Parameters<typeof repo.recordTest>[3],
    options: { unlessDeletedInBtp?: boolean } = {},
  ) =>
    withTx(
      db,
      async (tx) =>
        (await repo.holdsTestLease(tx, tenantId, leaseId)) && repo.recordTest(tx, tenantId, keyId, values, options),
    );

  return {
    async test(actor: Actor, tenantId: string): Promise<KeyTestOutcome> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.test');
      const row = await repo.findKey(db, tenant.tenantId);
      if (!row)
        throw new DomainError(
          'not_found',
          LANDSCAPE_ERRORS.slot_empty,
          `The SAP Cloud ALM Service Key slot of tenant "${tenant.name}" is empty: there is nothing to test.`,
        );
      const { document } = openKey(secrets, row);
      const leaseId = await takeLease(actor, tenant);
      try {
        return await runTest(actor, tenant, row, document, leaseId);
      } finally {
        await repo.releaseTestLease(db, tenant.tenantId, leaseId);
      }
    },
  };

  async function runTest(
    actor: Actor,
    tenant: LandscapeTenant,
    row: repo.SlotRow,
    document: unknown,
    leaseId: string,
  ): Promise<KeyTestOutcome> {
    const result = await deps.testKey(document, { expectedZoneId: tenant.zoneId });

    const at = clock.now().toISOString();
    let status: KeyStatus = result.ok ? 'active' : 'failed';
    let reason = result.ok
      ? passedTestReason(result.warnings)
      : failedTestReason(result.failedStep ?? 'unknown', result.reason ?? 'no reason given', row.deleted_in_btp_at);
    const lastTest: LastTest = { at, by: actor.username, result };
    let recorded = await record(
      tenant.tenantId,
      leaseId,
      row.id,
      { status, status_reason: reason, status_at: at, last_test: JSON.stringify(lastTest) },
      { unlessDeletedInBtp: result.ok },
    );
    if (!recorded && result.ok) {
      // The binding was deleted in BTP while the test ran (its token was issued just before): the copy stays red.
      const now = await repo.findKey(db, tenant.tenantId);
      if (now?.id === row.id && now.deleted_in_btp_at) {
        status = 'failed';
        reason = deletedInBtpReason(now.deleted_in_btp_at);
        recorded = await record(tenant.tenantId, leaseId, row.id, {
          status,
          status_reason: reason,
          status_at: at,
          last_test: JSON.stringify(lastTest),
        });
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
  }
}

export type KeyTestService = ReturnType<typeof createKeyTestService>;
