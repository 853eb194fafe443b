/** Reading the audit log, newest first, with the filters the audit page offers. */
import { parseIsoTimestamp } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import type { AuditOutcome } from './catalog.js';
import { AUDIT_ERRORS } from './errors.js';

export interface AuditQuery {
  readonly tenantId?: string;
  readonly actorId?: string;
  /** One action, or several separated by commas (the audit page's choice of actions). */
  readonly action?: string;
  /** Only events at or after this time (ISO 8601 with a zone). */
  readonly from?: string;
  /** Only events before this time (ISO 8601 with a zone). */
  readonly to?: string;
  /** The records one HTTP request wrote: the `requestId` of its error body or its `x-request-id`. */
  readonly requestId?: string;
  /** Only events with a sequence number below this (paging). */
  readonly beforeSeq?: number;
  readonly limit?: number;
}

export interface AuditEvent {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly actor: { readonly type: string; readonly id: string | null; readonly name: string | null };
  readonly tenantId: string | null;
  /** The Cloud ALM tenant's name, so that people read names, not ids; null without a tenant or once it is gone. */
  readonly tenantName: string | null;
  readonly target: { readonly type: string | null; readonly id: string | null };
  readonly details: Record<string, unknown>;
  readonly requestId: string | null;
}

/** A time bound as the stored form (`at` is written by `Date.toISOString`, so text order is time order). */
const storedTime = (text: string, field: 'from' | 'to') =>
  new Date(parseIsoTimestamp(text, field, AUDIT_ERRORS.bad_time)).toISOString();

export async function listAuditEvents(executor: Executor, query: AuditQuery = {}): Promise<AuditEvent[]> {
  const from = query.from !== undefined ? storedTime(query.from, 'from') : undefined;
  const to = query.to !== undefined ? storedTime(query.to, 'to') : undefined;
  let q = executor
    .selectFrom('audit_events')
    .leftJoin('calm_tenants', 'calm_tenants.id', 'audit_events.tenant_id')
    .selectAll('audit_events')
    .select('calm_tenants.name as tenant_name');
  if (query.tenantId !== undefined) q = q.where('tenant_id', '=', query.tenantId);
  if (query.actorId !== undefined) q = q.where('actor_id', '=', query.actorId);
  if (query.action !== undefined) {
    const actions = query.action
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    if (actions.length > 0) q = q.where('action', 'in', actions);
  }
  if (query.requestId !== undefined) q = q.where('request_id', '=', query.requestId);
  if (from !== undefined) q = q.where('audit_events.at', '>=', from);
  if (to !== undefined) q = q.where('audit_events.at', '<', to);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(Math.min(Math.max(query.limit ?? 100, 1), 1000))
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    action: r.action,
    outcome: r.outcome as AuditOutcome,
    actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
    tenantId: r.tenant_id,
    tenantName: r.tenant_name ?? null,
    target: { type: r.target_type, id: r.target_id },
    details: JSON.parse(r.details) as Record<string, unknown>,
    requestId: r.request_id,
  }));
}

/** The Cloud ALM tenants, by name: the audit page's choice of tenant. */
export async function listAuditTenants(executor: Executor): Promise<{ id: string; name: string }[]> {
  return executor.selectFrom('calm_tenants').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}
