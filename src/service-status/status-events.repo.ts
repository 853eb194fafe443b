/** SQL of service status events. Every function takes the tenant first (docs/ARCHITECTURE.md rule 5). */
import type { Executor, StatusEventsTable } from '../store/index.js';

export type StatusEventRow = StatusEventsTable;

/** What a read may narrow by; every field is optional and they all apply together. */
export interface StatusEventFilter {
  readonly type?: string;
  readonly serviceName?: string;
  readonly eventType?: string;
  readonly serviceType?: string;
  /** Events that overlap [from, to]: started by `to` and not ended before `from` (an open event has not ended). */
  readonly from?: string;
  readonly to?: string;
  readonly status?: 'open' | 'closed';
}

export const insertEvent = (ex: Executor, row: StatusEventRow) => ex.insertInto('status_events').values(row).execute();

export const findEvent = (ex: Executor, tenantId: string, id: string) =>
  ex.selectFrom('status_events').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

/** Changes an event unless it was closed meanwhile; true when it changed. */
export async function updateOpenEvent(
  ex: Executor,
  tenantId: string,
  id: string,
  values: Partial<Omit<StatusEventRow, 'id' | 'tenant_id'>>,
): Promise<boolean> {
  const result = await ex
    .updateTable('status_events')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The newest `limit` events (by start time) that match, newest first. */
export function listEvents(ex: Executor, tenantId: string, filter: StatusEventFilter, limit: number) {
  let query = ex.selectFrom('status_events').selectAll().where('tenant_id', '=', tenantId);
  if (filter.type !== undefined) query = query.where('object_type', '=', filter.type);
  if (filter.serviceName !== undefined) query = query.where('service_name', '=', filter.serviceName);
  if (filter.eventType !== undefined) query = query.where('event_type', '=', filter.eventType);
  if (filter.serviceType !== undefined) query = query.where('service_type', '=', filter.serviceType);
  if (filter.to !== undefined) query = query.where('start_time', '<=', filter.to);
  if (filter.from !== undefined) {
    const from = filter.from;
    query = query.where((eb) => eb.or([eb('end_time', 'is', null), eb('end_time', '>=', from)]));
  }
  if (filter.status === 'open') query = query.where('closed_at', 'is', null);
  if (filter.status === 'closed') query = query.where('closed_at', 'is not', null);
  return query.orderBy('start_time', 'desc').orderBy('id').limit(limit).execute();
}
