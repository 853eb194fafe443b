/**
 * What the Service Manager services (sm-instances.service.ts, sm-bindings.service.ts) share: the database,
 * the instance service they drive, the operation runner, and the lookups every answer needs (subaccount rows,
 * labels and newest operations of a set of resources), plus the 422 for a resource with an operation running.
 */
import { DomainError, type Clock } from '../shared/index.js';
import type { Db, SubaccountsTable } from '../store/index.js';
import * as repo from './btp.repo.js';
import type { InstanceService } from './instances.service.js';
import type { OperationRunner } from './sm-operations.js';
import * as smRepo from './sm-repo.js';
import type { OperationRow, SmLabels, SmResourceType } from './sm-repo.js';
import { BTP_ERRORS } from './errors.js';

export interface SmDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly instances: InstanceService;
  readonly runner: OperationRunner;
}

export interface Decorations {
  readonly subaccounts: Map<string, SubaccountsTable>;
  readonly labels: Map<string, SmLabels>;
  readonly operations: Map<string, OperationRow>;
}

/** Subaccount rows, labels and newest operations of these resources, in three queries. */
export async function decorations(
  db: Db,
  subaccountIds: readonly string[],
  type: SmResourceType,
  resources: readonly { readonly id: string; readonly subaccount_id: string }[],
): Promise<Decorations> {
  const ids = resources.map((r) => r.id);
  const wanted = new Set(resources.map((r) => r.subaccount_id));
  const subaccounts = new Map(
    (await repo.listAllSubaccounts(db)).filter((s) => wanted.has(s.id)).map((s) => [s.id, s] as const),
  );
  return {
    subaccounts,
    labels: await smRepo.labelsOf(db, subaccountIds, type, ids),
    operations: await smRepo.lastOperations(db, subaccountIds, ids),
  };
}

/** SAP answers 422 when a resource has an operation in progress (the broker API's ConcurrencyError). */
export function assertNoOperationRunning(op: OperationRow | undefined, what: string): void {
  if (op?.state === 'in progress')
    throw new DomainError(
      'conflict',
      BTP_ERRORS.sm_operation_in_progress,
      `The ${what} has an operation in progress (${op.type}, ${op.id}); wait until it ends.`,
    );
}

export const operationPath = (collection: 'service_instances' | 'service_bindings', id: string, opId: string) =>
  `/v1/${collection}/${id}/operations/${opId}`;

/** What a change answers: the resource now (201 or 200), or 202 and where its operation is. */
export type SmChange<T> =
  { readonly async: false; readonly resource: T } | { readonly async: true; readonly location: string };
