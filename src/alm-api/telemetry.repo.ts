/**
 * SQL of pushed telemetry. A push's rows are multi-row inserts whose SQL is written once (store's `rowInsert`:
 * no query building per request), in the transaction the caller gives (a commit group's, telemetry.service.ts).
 */
import { rowInsert, type Executor, type InsertRow } from '../store/index.js';

const POINT_COLUMNS = [
  'tenant_id',
  'service_id',
  'name',
  'unit',
  'kind',
  'time',
  'value',
  'count',
  'attributes',
  'resource',
  'scope',
  'detail',
  'received_at',
] as const;

const LOG_COLUMNS = [
  'tenant_id',
  'service_id',
  'use_case',
  'time',
  'severity',
  'body',
  'attributes',
  'resource',
  'scope',
  'detail',
  'received_at',
] as const;

export type PointRow = InsertRow<'alm_metric_points', (typeof POINT_COLUMNS)[number]>;
export type LogRow = InsertRow<'alm_log_records', (typeof LOG_COLUMNS)[number]>;

const pointInsert = rowInsert('alm_metric_points', POINT_COLUMNS);
const logInsert = rowInsert('alm_log_records', LOG_COLUMNS);

export const insertPoints = (ex: Executor, rows: readonly PointRow[]) => pointInsert.run(ex, rows);

export const insertLogs = (ex: Executor, rows: readonly LogRow[]) => logInsert.run(ex, rows);

export interface ReadFilter {
  readonly serviceId: string;
  readonly from: string;
  readonly to: string;
  readonly limit: number;
}

export function queryPoints(ex: Executor, tenantId: string, filter: ReadFilter & { metrics?: readonly string[] }) {
  let q = ex
    .selectFrom('alm_metric_points')
    .select(['name', 'unit', 'kind', 'time', 'value', 'count', 'attributes', 'resource'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', filter.serviceId)
    .where('time', '>=', filter.from)
    .where('time', '<=', filter.to);
  if (filter.metrics && filter.metrics.length > 0) q = q.where('name', 'in', filter.metrics);
  return q.orderBy('time').orderBy('seq').limit(filter.limit).execute();
}

/**
 * The Raw Data metrics read (raw-metrics-read.ts): the points of every managed object of the tenant in a window,
 * with the object's name and type (Landscape Management's row, joined tenant-first), in time order; at most `max`.
 */
export function queryTenantPoints(
  ex: Executor,
  tenantId: string,
  filter: {
    readonly from: string;
    readonly to: string;
    readonly serviceId?: string;
    readonly serviceType?: string;
    readonly names?: readonly string[];
    readonly max: number;
  },
) {
  let q = ex
    .selectFrom('alm_metric_points as p')
    .innerJoin('lm_managed_objects as o', (join) =>
      join.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.service_id'),
    )
    .select([
      'p.service_id',
      'o.name as service_name',
      'o.object_type as service_type',
      'p.name',
      'p.unit',
      'p.kind',
      'p.time',
      'p.value',
      'p.count',
      'p.attributes',
      'p.resource',
      'p.detail',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.time', '>=', filter.from)
    .where('p.time', '<=', filter.to);
  if (filter.serviceId) q = q.where('p.service_id', '=', filter.serviceId);
  if (filter.serviceType) q = q.where('o.object_type', '=', filter.serviceType);
  if (filter.names && filter.names.length > 0) q = q.where('p.name', 'in', filter.names);
  return q.orderBy('p.time').orderBy('p.seq').limit(filter.max).execute();
}

/** The Raw Data logs read (raw-logs-read.ts): one service's records in a window, in time order; at most `max`. */
export function queryServiceLogs(
  ex: Executor,
  tenantId: string,
  filter: {
    readonly serviceId: string;
    readonly from: string;
    readonly to: string;
    /** Only records pushed with one of these use cases (compared in lower case); all when absent. */
    readonly useCases?: readonly string[];
    readonly max: number;
  },
) {
  let q = ex
    .selectFrom('alm_log_records')
    .select(['use_case', 'time', 'severity', 'body', 'attributes', 'resource', 'scope', 'detail', 'received_at'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', filter.serviceId)
    .where('time', '>=', filter.from)
    .where('time', '<=', filter.to);
  if (filter.useCases) q = q.where((eb) => eb(eb.fn('lower', ['use_case']), 'in', [...filter.useCases!]));
  return q.orderBy('time').orderBy('seq').limit(filter.max).execute();
}

/** Retention: removes what was received before `cutoff`; returns the rows removed per table. */
export async function deleteReceivedBefore(ex: Executor, cutoff: string): Promise<{ points: number; logs: number }> {
  const points = await ex.deleteFrom('alm_metric_points').where('received_at', '<', cutoff).executeTakeFirst();
  const logs = await ex.deleteFrom('alm_log_records').where('received_at', '<', cutoff).executeTakeFirst();
  return { points: Number(points.numDeletedRows), logs: Number(logs.numDeletedRows) };
}
