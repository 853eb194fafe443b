/**
 * Faults for the calm-keys administrator (`system.faults.manage`, SystemAdministrator only): add, list, delete one,
 * clear all. Every change is audited in its transaction and re-read by this process's injector at once (other
 * processes within FAULT_REFRESH_MS). Whoever is signed in may learn how many are active (`status`): the web UI's
 * banner tells a tester why tokens fail; the count names no client and no route.
 */
import { createGuard, toAuditActor, type Actor } from '../access/index.js';
import type { AuditWriter } from '../audit/index.js';
import { invalidInput, DomainError, conflict, type Clock, type Problem } from '../shared/index.js';
import { withTx, type Db } from '../store/index.js';
import { newId } from '../crypto/index.js';
import { FAULT_ERRORS } from './errors.js';
import { MAX_FAULTS, normalizeRoute } from './fault.js';
import * as repo from './faults.repo.js';
import { presentFault, type AddFault, type FaultList, type FaultStatus, type FaultView } from './faults.view.js';
import type { FaultInjector } from './injector.js';

export interface FaultServiceDeps {
  readonly db: Db;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly injector: FaultInjector;
}

const SYSTEM = { kind: 'system' } as const;

const faultNotFound = (id: string) => new DomainError('not_found', FAULT_ERRORS.not_found, `No fault "${id}".`);

/** What does not fit together in a fault; zod has checked each field alone. */
export function problemsOf(input: AddFault): Problem[] {
  const problems: Problem[] = [];
  const only = (field: keyof AddFault, kind: string) => {
    if (input[field] !== undefined && input.kind !== kind)
      problems.push({ path: field, message: `only with kind "${kind}"` });
  };
  if (input.kind === 'status' && input.status === undefined)
    problems.push({ path: 'status', message: 'required with kind "status"' });
  if (input.kind === 'latency' && input.latencyMs === undefined)
    problems.push({ path: 'latencyMs', message: 'required with kind "latency"' });
  only('status', 'status');
  only('latencyMs', 'latency');
  if (input.retryAfterSeconds !== undefined && input.kind !== 'rate_limit' && input.kind !== 'status')
    problems.push({ path: 'retryAfterSeconds', message: 'only with kind "rate_limit" or "status"' });
  if (input.route !== undefined && input.target !== 'api')
    problems.push({ path: 'route', message: 'only with target "api" (a path prefix under /api/)' });
  if (input.route !== undefined && normalizeRoute(input.route) === '')
    problems.push({ path: 'route', message: 'empty: leave it out to match every route' });
  if (input.route !== undefined && /[?#\s]/.test(input.route))
    problems.push({ path: 'route', message: 'a path prefix only, without query, fragment or spaces' });
  return problems;
}

export function createFaultService(deps: FaultServiceDeps) {
  const { db, audit, clock, injector } = deps;
  const guard = createGuard(deps);
  const now = () => clock.now().toISOString();

  return {
    async list(actor: Actor): Promise<FaultList> {
      await guard(actor, 'system.faults.manage', SYSTEM);
      return { items: (await repo.listActiveFaults(db, now())).map(presentFault) };
    },

    /** For any signed-in person: the banner's count. */
    async status(): Promise<FaultStatus> {
      return { active: (await repo.listActiveFaults(db, now())).length };
    },

    async add(actor: Actor, input: AddFault): Promise<FaultView> {
      await guard(actor, 'system.faults.manage', SYSTEM);
      const problems = problemsOf(input);
      if (problems.length > 0)
        throw invalidInput(
          FAULT_ERRORS.bad_fault,
          `This fault does not fit together: ${problems[0]!.message}.`,
          problems,
        );
      const at = clock.now();
      const row: repo.FaultRow = {
        id: newId(),
        target: input.target,
        route: input.route === undefined ? null : normalizeRoute(input.route),
        client_id: input.clientId ?? null,
        kind: input.kind,
        status: input.status ?? null,
        latency_ms: input.latencyMs ?? null,
        retry_after_seconds: input.retryAfterSeconds ?? null,
        probability: input.probability ?? 1,
        created_at: at.toISOString(),
        expires_at: input.activeForMs === undefined ? null : new Date(at.getTime() + input.activeForMs).toISOString(),
        created_by_id: actor.userId,
        created_by_name: actor.username,
      };
      await withTx(db, async (tx) => {
        await repo.deleteExpiredFaults(tx, row.created_at);
        if ((await repo.listActiveFaults(tx, row.created_at)).length >= MAX_FAULTS)
          throw conflict(FAULT_ERRORS.too_many, `At most ${MAX_FAULTS} faults are active at once: delete some first.`);
        await repo.insertFault(tx, row);
        await audit.record(tx, {
          action: 'faults.added',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: null,
          targetId: row.id,
          details: {
            target: row.target,
            route: row.route,
            clientId: row.client_id,
            kind: row.kind,
            status: row.status,
            latencyMs: row.latency_ms,
            probability: row.probability,
            expiresAt: row.expires_at,
          },
        });
      });
      await injector.refresh();
      return presentFault(row);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await guard(actor, 'system.faults.manage', SYSTEM);
      await withTx(db, async (tx) => {
        const row = await repo.findFault(tx, id);
        if (!row || !(await repo.deleteFault(tx, id))) throw faultNotFound(id);
        await audit.record(tx, {
          action: 'faults.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: null,
          targetId: id,
          details: { target: row.target, kind: row.kind },
        });
      });
      await injector.refresh();
    },

    async clear(actor: Actor): Promise<{ deleted: number }> {
      await guard(actor, 'system.faults.manage', SYSTEM);
      const deleted = await withTx(db, async (tx) => {
        const count = await repo.deleteAllFaults(tx, now());
        await audit.record(tx, {
          action: 'faults.cleared',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: null,
          targetId: null,
          details: { deleted: count },
        });
        return count;
      });
      await injector.refresh();
      return { deleted };
    },
  };
}

export type FaultService = ReturnType<typeof createFaultService>;
