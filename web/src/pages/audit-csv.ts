/**
 * The audit log as CSV (RFC 4180: comma, CRLF, quotes doubled), one row per event: the time as ISO 8601 UTC and
 * in the browser's locale, the action in words and as code, tenant name and id. A cell that a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, CR) starts with `'`: a user name or a detail is typed by someone.
 */
import type { Schemas } from '../api';
import { formatDateTime } from '../ui/date-time';
import { OUTCOME_NAMES, actionName } from './audit-actions';

type AuditEvent = Schemas['AuditEvent'];

const HEADER = [
  'Time (UTC)',
  'Time (local)',
  'Action',
  'Action code',
  'Outcome',
  'Actor',
  'Actor type',
  'Tenant',
  'Tenant ID',
  'Target type',
  'Target ID',
  'Details',
  'Request ID',
];

function cell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((e) => [
    e.at,
    formatDateTime(e.at, 'seconds'),
    actionName(e.action),
    e.action,
    OUTCOME_NAMES[e.outcome] ?? e.outcome,
    e.actor.name ?? '',
    e.actor.type,
    e.tenantName ?? '',
    e.tenantId ?? '',
    e.target.type ?? '',
    e.target.id ?? '',
    JSON.stringify(e.details),
    e.requestId ?? '',
  ]);
  return [HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
