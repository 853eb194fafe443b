/** Reading the audit log, newest first, with the filters the audit page offers. */
import type { Executor } from '../store/index.js';
import type { AuditOutcome } from './catalog.js';

export interface AuditQuery {
  readonly tenantId?: string;
  readonly actorId?: string;
  readonly action?: string;
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
  readonly target: { readonly type: string | null; readonly id: string | null };
  readonly details: Record<string, unknown>;
  readonly requestId: string | null;
}

export async function listAuditEvents(executor: Executor, query: AuditQuery = {}): Promise<AuditEvent[]> {
  let q = executor.selectFrom('audit_events').selectAll();
  if (query.tenantId !== undefined) q = q.where('tenant_id', '=', query.tenantId);
  if (query.actorId !== undefined) q = q.where('actor_id', '=', query.actorId);
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  if (query.requestId !== undefined) q = q.where('request_id', '=', query.requestId);
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
    target: { type: r.target_type, id: r.target_id },
    details: JSON.parse(r.details) as Record<string, unknown>,
    requestId: r.request_id,
  }));
}
