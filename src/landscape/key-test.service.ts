/**
 * Test Service Key: can the key in the slot log on to the SAP Cloud ALM API? Runs the online test (token,
 * signature, claims with this tenant's zone, one side-effect-free API call) outside any transaction, then
 * stores the status: green (active) or red (failed, with the step and a reason a person understands).
 *
 * A Test runs when a person asks (`test`, trigger `manual`) or on the schedule (`runScheduled`, trigger
 * `scheduled`, by "schedule", key-test-schedule.ts). Either way the result is stored in one transaction with its
 * history row (the last 50 per tenant), the `key.tested` event (and `key.turned_red` when the stored status
 * changes from green or grey to red) and the audit record.
 */
import { toAuditActor, type Actor } from '../access/index.js';
import type { AuditActor } from '../audit/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { newId } from '../crypto/index.js';
import { conflict, DomainError } from '../shared/index.js';
import { withTx, type Tx } from '../store/index.js';
import * as history from './key-test-history.repo.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import * as repo from './slot.repo.js';
import type { LastTest } from './slot.view.js';
import { deletedInBtpReason, failedTestReason, passedTestReason, type KeyStatus } from './status.js';
import { openKey } from './stored-key.js';
import { LANDSCAPE_ERRORS } from './errors.js';
import type { KeyTestHistoryView } from './key-test-history.view.js';

export interface KeyTestOutcome {
  readonly status: KeyStatus;
  readonly reason: string | null;
  readonly at: string;
  readonly result: KeyTestResult;
  /** False when the slot changed while the test ran; the result then describes a key no longer there. */
  readonly recorded: boolean;
}

/** What a scheduled Test did: ran (and was stored or not), or was skipped with the reason. */
export type ScheduledTestResult =
  | { readonly ran: true; readonly outcome: KeyTestOutcome }
  | { readonly ran: false; readonly skipped: 'slot_empty' | 'test_in_progress' | 'tenant_gone' };

export type KeyTestTrigger = 'manual' | 'scheduled';

/** Who a Test is recorded as: the person, or the schedule. */
interface Tester {
  readonly name: string;
  readonly audit: AuditActor;
  readonly trigger: KeyTestTrigger;
}

/** The name stored (history, last test, lease holder) for a scheduled Test. */
export const SCHEDULE_TESTER = 'schedule';

/** How long a Test holds the tenant's lease when the key tester does not say how long it can take. */
export const DEFAULT_TEST_LEASE_MS = 3 * 60_000;

/** The colours of the event payloads (lm.events.ts), from the stored status. */
const colour = (status: string): 'green' | 'red' | 'grey' =>
  status === 'active' ? 'green' : status === 'failed' ? 'red' : 'grey';

export function createKeyTestService(deps: LandscapeDeps) {
  const { db, audit, clock, secrets } = deps;

  /** One Test per tenant at a time, in every process on this database: the lease row decides. */
  async function tryLease(heldBy: string, tenantId: string): Promise<string | null> {
    const leaseId = newId();
    const now = clock.now();
    const expires = new Date(now.getTime() + (deps.testKey.maxDurationMs ?? DEFAULT_TEST_LEASE_MS));
    const lease = {
      tenant_id: tenantId,
      lease_id: leaseId,
      held_by: heldBy,
      started_at: now.toISOString(),
      expires_at: expires.toISOString(),
    };
    return (await repo.takeTestLease(db, lease)) ? leaseId : null;
  }

  async function takeLease(actor: Actor, tenant: { tenantId: string; name: string }): Promise<string> {
    const leaseId = await tryLease(actor.username, tenant.tenantId);
    if (leaseId) return leaseId;
    const holder = await repo.findTestLease(db, tenant.tenantId);
    const who = holder ? ` (started by ${holder.held_by} at ${holder.started_at})` : '';
    throw conflict(
      LANDSCAPE_ERRORS.test_in_progress,
      `A Test of the service key of tenant "${tenant.name}" is already running${who}. Wait for its result, then reload; test again if you still need to.`,
    );
  }

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
      const tester: Tester = { name: actor.username, audit: toAuditActor(actor), trigger: 'manual' };
      try {
        return await runTest(tester, tenant, row, document, leaseId);
      } finally {
        await repo.releaseTestLease(db, tenant.tenantId, leaseId);
      }
    },

    /** The scheduler's Test of a tenant (no person: no authorization); skipped while a Test of the tenant runs. */
    async runScheduled(tenantId: string): Promise<ScheduledTestResult> {
      const tenant = await deps.tenants.find(tenantId);
      if (!tenant) return { ran: false, skipped: 'tenant_gone' };
      const row = await repo.findKey(db, tenant.tenantId);
      if (!row) return { ran: false, skipped: 'slot_empty' };
      const { document } = openKey(secrets, row);
      const leaseId = await tryLease(SCHEDULE_TESTER, tenant.tenantId);
      if (!leaseId) return { ran: false, skipped: 'test_in_progress' };
      const tester: Tester = {
        name: SCHEDULE_TESTER,
        audit: { type: 'system', name: SCHEDULE_TESTER },
        trigger: 'scheduled',
      };
      try {
        return { ran: true, outcome: await runTest(tester, tenant, row, document, leaseId) };
      } finally {
        await repo.releaseTestLease(db, tenant.tenantId, leaseId);
      }
    },

    /** The tenant's Test results, newest first, and when the schedule tests it next (Viewer and Administrator). */
    async history(actor: Actor, tenantId: string): Promise<KeyTestHistoryView> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.view');
      const [rows, key, schedule] = await Promise.all([
        history.listTests(db, tenant.tenantId),
        repo.findKey(db, tenant.tenantId),
        history.findSchedule(db, tenant.tenantId),
      ]);
      const intervalMs = deps.retestIntervalMs ?? 0;
      return {
        tenantId: tenant.tenantId,
        schedule: {
          enabled: intervalMs > 0,
          intervalSeconds: Math.round(intervalMs / 1000),
          // a filled slot without a row yet gets one at the scheduler's next look (within its first interval)
          nextTestAt: intervalMs > 0 && key ? (schedule?.next_test_at ?? null) : null,
        },
        limit: history.HISTORY_LIMIT,
        items: rows.map((r) => ({
          id: r.id,
          keyId: r.key_id,
          at: r.tested_at,
          trigger: r.trigger === 'scheduled' ? 'scheduled' : 'manual',
          by: r.tested_by,
          status: r.status === 'active' ? 'active' : 'failed',
          reason: r.reason,
          failedStep: r.failed_step,
          summary: r.summary,
        })),
      };
    },
  };

  async function runTest(
    tester: Tester,
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
    const lastTest: LastTest = { at, by: tester.name, result };
    const values = () => ({ status, status_reason: reason, status_at: at, last_test: JSON.stringify(lastTest) });

    const recorded = await withTx(db, async (tx) => {
      // stored only while this Test still holds the lease (an expired one may have passed to a newer Test)
      let stored = false;
      let previous: string | null = null;
      if (await repo.holdsTestLease(tx, tenant.tenantId, leaseId)) {
        previous = (await repo.findKey(tx, tenant.tenantId))?.status ?? null;
        stored = await repo.recordTest(tx, tenant.tenantId, row.id, values(), { unlessDeletedInBtp: result.ok });
        if (!stored && result.ok) {
          // The binding was deleted in BTP while the test ran (its token was issued just before): the copy stays red.
          const now = await repo.findKey(tx, tenant.tenantId);
          if (now?.id === row.id && now.deleted_in_btp_at) {
            previous = now.status;
            status = 'failed';
            reason = deletedInBtpReason(now.deleted_in_btp_at);
            stored = await repo.recordTest(tx, tenant.tenantId, row.id, values());
          }
        }
      }
      if (stored) await storeHistory(tx, tester, tenant.tenantId, row.id, at, { status, reason, result, previous });
      await audit.record(tx, {
        action: 'lm.service_key.tested',
        outcome: result.ok ? 'success' : 'failure',
        actor: tester.audit,
        tenantId: tenant.tenantId,
        targetId: row.id,
        details: {
          name: row.name,
          ok: result.ok,
          failedStep: result.failedStep ?? null,
          status,
          trigger: tester.trigger,
        },
      });
      return stored;
    });
    return { status, reason, at, result, recorded };
  }

  /** The history row (pruned to the last 50) and the events of a stored result, in its transaction. */
  async function storeHistory(
    tx: Tx,
    tester: Tester,
    tenantId: string,
    keyId: string,
    at: string,
    stored: { status: KeyStatus; reason: string | null; result: KeyTestResult; previous: string | null },
  ): Promise<void> {
    const failedStep = stored.status === 'failed' ? (stored.result.failedStep ?? null) : null;
    await history.appendTest(tx, {
      tenant_id: tenantId,
      id: newId(),
      key_id: keyId,
      tested_at: at,
      trigger: tester.trigger,
      tested_by: tester.name,
      status: stored.status,
      reason: stored.reason,
      failed_step: failedStep,
      summary: stored.result.summary,
    });
    const reason = stored.reason ?? stored.result.summary;
    await deps.events?.record(tx, 'key.tested', {
      tenantId,
      at,
      status: stored.status === 'active' ? 'green' : 'red',
      reason,
      failedStep,
      trigger: tester.trigger,
    });
    if (stored.status === 'failed' && stored.previous !== null && stored.previous !== 'failed')
      await deps.events?.record(tx, 'key.turned_red', {
        tenantId,
        at,
        reason,
        previousStatus: colour(stored.previous),
      });
  }
}

export type KeyTestService = ReturnType<typeof createKeyTestService>;
