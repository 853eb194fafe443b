/**
 * The operations of the Service Manager API (SAP: *Operations*, `operations-abff334.md`, and *Get Operation
 * Status*, `get-operation-status-3b330bb.md`). Every change of an instance or binding through `/v1` is an
 * operation row: created "in progress" before the work, then "succeeded" or "failed" with SAP's
 * `{error, description}` errors. With `async=true` (SAP's default) the route answers 202 as soon as the row
 * is stored and the work runs in this process right after; with `async=false` it runs before the answer.
 *
 * The result is recorded durably in the row; the work itself is not queued anywhere. A process that stops
 * while work runs leaves its row "in progress": the next start marks every such row failed ("Interrupted"),
 * and so does a read of a row that has been in progress longer than `STALE_AFTER_MS` (for a server whose
 * other process stopped). The change itself may or may not have committed then: the client reads the
 * resource (404, or there) and retries; a retried create whose name exists gets 409.
 *
 * Rows are bounded (`OPERATION_RETENTION`): writing one prunes the older ones of its resource and, in its
 * subaccount, the old ones of resources that are gone.
 */
import { newId } from '../crypto/index.js';
import { isDomainError, type Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import * as smRepo from './sm-repo.js';
import type { OperationRow, SmOperationType, SmResourceType } from './sm-repo.js';
import type { SmError } from './sm-resources.js';

/**
 * How many operations stay (README, "Operations"): each time one is written, a resource keeps its create and
 * its newest `perResource` others; the operations of a resource that is gone go `days` after they were made.
 */
export const OPERATION_RETENTION = { perResource: 20, days: 30 } as const;

/** No operation here takes this long (an 8192-bit key pair behind a full queue is about two minutes). */
export const STALE_AFTER_MS = 10 * 60_000;

/** SAP's error names (the open-source Service Manager's `HTTPError.ErrorType`), by our error kinds. */
const SM_ERROR_BY_KIND: Readonly<Record<string, string>> = {
  invalid_input: 'BadRequest',
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'NotFound',
  conflict: 'Conflict',
  too_large: 'PayloadTooLarge',
  rate_limited: 'TooManyRequests',
  unavailable: 'ServiceUnavailable',
};

/** An error as an operation records it; nothing but a domain error's own message leaves the process. */
export function operationError(error: unknown): SmError {
  if (isDomainError(error))
    return { error: SM_ERROR_BY_KIND[error.kind] ?? 'InternalError', description: error.message };
  return {
    error: 'InternalError',
    description: 'The operation failed inside calm-keys; the server log has the cause.',
  };
}

const INTERRUPTED = JSON.stringify([
  { error: 'InternalError', description: 'calm-keys stopped while the operation ran; read the resource and retry.' },
]);

export interface OperationRunner {
  /**
   * Stores the operation "in progress", then runs `work`: before returning when `async` is false (a failure is
   * recorded and thrown), after returning when true (a failure is recorded and reported to `onError`).
   */
  run(
    input: {
      subaccountId: string;
      type: SmOperationType;
      resourceType: SmResourceType;
      resourceId: string;
      /** The service-manager instance whose key asks (sm-caller.ts `creatorOf`); null for a person. */
      creator: string | null;
    },
    work: () => Promise<void>,
    async: boolean,
  ): Promise<OperationRow>;
  /** The stored operation; a stale "in progress" is failed first. */
  find(subaccountIds: readonly string[], resourceId: string, id: string): Promise<OperationRow | undefined>;
  /** At start: every operation a stopped process left "in progress" is failed. */
  failInterrupted(): Promise<number>;
  /** Resolves when no asynchronous work runs (tests, shutdown). */
  idle(): Promise<void>;
}

export function createOperationRunner(deps: {
  readonly db: Db;
  readonly clock: Clock;
  readonly onError: (error: unknown) => void;
}): OperationRunner {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();
  const running = new Set<Promise<void>>();

  async function settle(op: OperationRow, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      await smRepo.finishOperation(db, op.subaccount_id, op.id, {
        state: 'failed',
        description: `The ${op.type} failed.`,
        errors: JSON.stringify([operationError(error)]),
        updatedAt: now(),
      });
      throw error;
    }
    await smRepo.finishOperation(db, op.subaccount_id, op.id, {
      state: 'succeeded',
      description: `The ${op.type} succeeded.`,
      errors: '[]',
      updatedAt: now(),
    });
  }

  return {
    async run(input, work, async) {
      const at = now();
      const op: OperationRow = {
        subaccount_id: input.subaccountId,
        id: newId(),
        resource_type: input.resourceType,
        resource_id: input.resourceId,
        type: input.type,
        creator_instance_id: input.creator,
        state: 'in progress',
        description: `The ${input.type} is in progress.`,
        errors: '[]',
        created_at: at,
        updated_at: at,
      };
      await smRepo.insertOperation(db, op);
      await smRepo.pruneOperations(
        db,
        op.subaccount_id,
        op.resource_id,
        OPERATION_RETENTION.perResource,
        new Date(clock.now().getTime() - OPERATION_RETENTION.days * 86_400_000).toISOString(),
        op.id,
      );
      if (!async) {
        await settle(op, work);
        return op;
      }
      const done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => settle(op, work))
        .catch((error: unknown) => {
          // a refusal (409, 400) is the operation's result, recorded above; anything else is also a bug to log
          if (!isDomainError(error)) deps.onError(error);
        })
        .finally(() => running.delete(done));
      running.add(done);
      return op;
    },

    async find(subaccountIds, resourceId, id) {
      const row = await smRepo.findOperation(db, subaccountIds, resourceId, id);
      if (row?.state !== 'in progress' || Date.parse(row.updated_at) > clock.now().getTime() - STALE_AFTER_MS)
        return row;
      await smRepo.failOperationsBefore(
        db,
        new Date(clock.now().getTime() - STALE_AFTER_MS).toISOString(),
        now(),
        INTERRUPTED,
      );
      return smRepo.findOperation(db, subaccountIds, resourceId, id);
    },

    failInterrupted: () => smRepo.failOperationsBefore(db, '9999-12-31T23:59:59.999Z', now(), INTERRUPTED),

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
