/** SQL of pushed telemetry. Writes are multi-row inserts in one transaction per request, never one per point. */
import type { AlmLogRecordsTable, AlmMetricPointsTable, Executor } from '../store/index.js';
import type { Insertable } from 'kysely';

const CHUNK = 500;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export const insertPoints = (ex: Executor, rows: readonly Insertable<AlmMetricPointsTable>[]) =>
  insertChunked(rows, (chunk) => ex.insertInto('alm_metric_points').values(chunk).execute());

export const insertLogs = (ex: Executor, rows: readonly Insertable<AlmLogRecordsTable>[]) =>
  insertChunked(rows, (chunk) => ex.insertInto('alm_log_records').values(chunk).execute());

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

export function queryLogs(ex: Executor, tenantId: string, filter: ReadFilter & { useCase?: string }) {
  let q = ex
    .selectFrom('alm_log_records')
    .select(['use_case', 'time', 'severity', 'body', 'attributes'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', filter.serviceId)
    .where('time', '>=', filter.from)
    .where('time', '<=', filter.to);
  if (filter.useCase) q = q.where('use_case', '=', filter.useCase);
  return q.orderBy('time').orderBy('seq').limit(filter.limit).execute();
}

/** Retention: removes what was received before `cutoff`; returns the rows removed per table. */
export async function deleteReceivedBefore(ex: Executor, cutoff: string): Promise<{ points: number; logs: number }> {
  const points = await ex.deleteFrom('alm_metric_points').where('received_at', '<', cutoff).executeTakeFirst();
  const logs = await ex.deleteFrom('alm_log_records').where('received_at', '<', cutoff).executeTakeFirst();
  return { points: Number(points.numDeletedRows), logs: Number(logs.numDeletedRows) };
}
