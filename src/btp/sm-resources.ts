/**
 * Instances, bindings and operations in SAP Service Manager's shape (`GET /v1/service_instances/{id}`,
 * `/v1/service_bindings/{id}`, `.../operations/{id}`; Service Operator `client/sm/types/*.go`), built from
 * calm-keys' rows, their labels and their newest operation. A resource made before the `/v1` API (or by
 * provisioning) has no operation row: its `last_operation` is the create that stored it, succeeded.
 * `platform_id` is `service-manager`, SAP's id for what was created through the Service Manager itself, and
 * every resource carries SAP's `subaccount_id` label.
 */
import type { SubaccountsTable } from '../store/index.js';
import { findCatalogPlan } from './catalog.js';
import type { BindingRow, InstanceRow } from './instance-context.js';
import type { OperationRow, SmLabels, SmResourceType } from './sm-repo.js';

export const SM_PLATFORM_ID = 'service-manager';

export interface SmError {
  readonly error: string;
  readonly description: string;
}

export function operationView(row: OperationRow) {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    description: row.description,
    resource_id: row.resource_id,
    resource_type: `/v1/${row.resource_type}s`,
    platform_id: SM_PLATFORM_ID,
    ready: row.state === 'succeeded' || row.type !== 'create',
    errors: JSON.parse(row.errors) as SmError[],
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The operation of a resource that has none stored: its creation, succeeded. */
function createdOperation(type: SmResourceType, id: string, subaccountId: string, createdAt: string): OperationRow {
  return {
    subaccount_id: subaccountId,
    id: `${id}-create`,
    resource_type: type,
    resource_id: id,
    type: 'create',
    creator_instance_id: null,
    state: 'succeeded',
    description: 'Created.',
    errors: '[]',
    created_at: createdAt,
    updated_at: createdAt,
  };
}

const withSubaccountLabel = (labels: SmLabels | undefined, subaccountId: string): SmLabels => ({
  ...labels,
  subaccount_id: [subaccountId],
});

function context(sub: SubaccountsTable, extra: Record<string, string>) {
  return {
    platform: SM_PLATFORM_ID,
    origin: 'sapcp',
    subaccount_id: sub.id,
    global_account_id: sub.global_account_id,
    zone_id: sub.id,
    subdomain: sub.subdomain,
    region: sub.region,
    ...extra,
  };
}

/** A resource is usable unless its newest operation failed; ready once its create succeeded. */
function readiness(op: OperationRow) {
  const failed = op.state === 'failed';
  return { ready: !(op.type === 'create' && op.state !== 'succeeded'), usable: !failed || op.type !== 'create' };
}

export function smInstanceView(
  row: InstanceRow,
  sub: SubaccountsTable,
  labels: SmLabels | undefined,
  op: OperationRow | undefined,
) {
  const last = op ?? createdOperation('service_instance', row.id, row.subaccount_id, row.created_at);
  return {
    id: row.id,
    name: row.name,
    service_plan_id: findCatalogPlan(row.offering, row.plan)?.plan.id ?? '',
    platform_id: SM_PLATFORM_ID,
    context: context(sub, { instance_name: row.name }),
    ...readiness(last),
    shared: false,
    labels: withSubaccountLabel(labels, row.subaccount_id),
    last_operation: operationView(last),
    created_at: row.created_at,
    updated_at: last.updated_at > row.created_at ? last.updated_at : row.created_at,
  };
}

export function smBindingView(
  row: BindingRow,
  instance: { readonly name: string } | undefined,
  sub: SubaccountsTable,
  labels: SmLabels | undefined,
  op: OperationRow | undefined,
) {
  const last = op ?? createdOperation('service_binding', row.id, row.subaccount_id, row.created_at);
  return {
    id: row.id,
    name: row.name,
    service_instance_id: row.instance_id,
    service_instance_name: instance?.name ?? '',
    platform_id: SM_PLATFORM_ID,
    context: context(sub, { instance_name: instance?.name ?? '', binding_name: row.name }),
    ...readiness(last),
    labels: withSubaccountLabel(labels, row.subaccount_id),
    last_operation: operationView(last),
    created_at: row.created_at,
    updated_at: last.updated_at > row.created_at ? last.updated_at : row.created_at,
  };
}

export type SmInstanceView = ReturnType<typeof smInstanceView>;
export type SmBindingView = ReturnType<typeof smBindingView>;
export type SmOperationView = ReturnType<typeof operationView>;
