/**
 * The audit log as CSV (RFC 4180: comma, CRLF, quotes doubled), one row per event: the time as ISO 8601 UTC and
 * in the browser's locale, the action in words (the UI's language) and as code, tenant name and id. A cell that a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@`, tab, CR) starts with `'`: a user name or a detail is typed by someone.
 */
import type { Schemas } from '../api';
import { formatDateTime } from '../ui/date-time';
import { actionName, outcomeName } from './audit-actions';
import { t } from '../i18n';

type AuditEvent = Schemas['AuditEvent'];

/** The column titles, in the UI's language (the codes and ids beside the words stay as they are). */
const header = (): string[] =>
  (
    [
      'auditCsv.timeUtc',
      'auditCsv.timeLocal',
      'auditCsv.action',
      'auditCsv.actionCode',
      'auditCsv.outcome',
      'auditCsv.actor',
      'auditCsv.actorType',
      'auditCsv.tenant',
      'auditCsv.tenantId',
      'auditCsv.targetType',
      'auditCsv.targetId',
      'auditCsv.details',
      'auditCsv.requestId',
    ] as const
  ).map((key) => t(key));

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
    outcomeName(e.outcome),
    e.actor.name ?? '',
    e.actor.type,
    e.tenantName ?? '',
    e.tenantId ?? '',
    e.target.type ?? '',
    e.target.id ?? '',
    JSON.stringify(e.details),
    e.requestId ?? '',
  ]);
  return [header(), ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
