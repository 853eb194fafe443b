/**
 * Stored log records as an OTLP ExportLogsServiceRequest in its JSON form (`format=protobuf-json`; otlp-encode.ts
 * makes the default binary answer of it): one ResourceLogs per distinct resource, one ScopeLogs per scope, the
 * OTLP detail kept by the push (migration 010: times, severity number, ids, flags, event name, a structured
 * body) given back as pushed. Records pushed before 010 get their times from the row and their severity
 * number from the severity text.
 */
import { keyValues, nanosOf, type OtlpJson, type OtlpValue } from './otlp-encode.js';

export interface StoredLogRow {
  readonly time: string;
  readonly severity: string;
  readonly body: string;
  readonly attributes: string;
  readonly resource: string;
  readonly scope: string;
  readonly detail: string;
  readonly received_at: string;
}

/** opentelemetry-proto logs.proto SeverityNumber of a severity text's first word (TRACE 1 ... FATAL 21). */
const SEVERITY: Readonly<Record<string, number>> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARN: 13,
  WARNING: 13,
  ERROR: 17,
  FATAL: 21,
};

const objectOf = (text: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

/** A pushed OTLP JSON AnyValue in the answer's form: int64 as a decimal string, doubles as numbers. */
export function normalizedValue(value: unknown): OtlpValue {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.stringValue === 'string') return { stringValue: v.stringValue };
  if (typeof v.boolValue === 'boolean') return { boolValue: v.boolValue };
  if (v.intValue !== undefined) return { intValue: String(v.intValue) };
  if (v.doubleValue !== undefined) return { doubleValue: Number(v.doubleValue) };
  if (typeof v.bytesValue === 'string') return { stringValue: v.bytesValue };
  const array = v.arrayValue as { values?: unknown[] } | undefined;
  if (array) return { arrayValue: { values: (array.values ?? []).map(normalizedValue) } };
  const kvlist = v.kvlistValue as { values?: { key: string; value?: unknown }[] } | undefined;
  if (kvlist)
    return {
      kvlistValue: { values: (kvlist.values ?? []).map((kv) => ({ key: kv.key, value: normalizedValue(kv.value) })) },
    };
  return { stringValue: '' };
}

function severityNumber(detail: Record<string, unknown>, severity: string): number | undefined {
  if (typeof detail.severityNumber === 'number') return detail.severityNumber;
  return SEVERITY[severity.toUpperCase().split(/[^A-Z]/)[0] ?? ''];
}

function logRecord(row: StoredLogRow): OtlpJson {
  const detail = objectOf(row.detail);
  const text = (key: string) =>
    typeof detail[key] === 'string' && detail[key] !== '' ? (detail[key] as string) : undefined;
  const number = severityNumber(detail, row.severity);
  const traceId = text('traceId');
  const spanId = text('spanId');
  const eventName = text('eventName');
  return {
    timeUnixNano: text('timeUnixNano') ?? nanosOf(Date.parse(row.time)),
    observedTimeUnixNano: text('observedTimeUnixNano') ?? nanosOf(Date.parse(row.received_at)),
    ...(number === undefined ? {} : { severityNumber: number }),
    severityText: row.severity,
    body: detail.body === undefined ? { stringValue: row.body } : normalizedValue(detail.body),
    attributes: keyValues(objectOf(row.attributes)),
    ...(traceId ? { traceId: traceId.toLowerCase() } : {}),
    ...(spanId ? { spanId: spanId.toLowerCase() } : {}),
    ...(typeof detail.flags === 'number' ? { flags: detail.flags } : {}),
    ...(eventName ? { eventName } : {}),
  };
}

function scopeOf(text: string): OtlpJson {
  const scope = objectOf(text);
  return {
    name: typeof scope.name === 'string' ? scope.name : '',
    ...(typeof scope.version === 'string' ? { version: scope.version } : {}),
  };
}

/** The request of `rows` (in time order); `{}` when there are none. */
export function logsRequestJson(rows: readonly StoredLogRow[]): OtlpJson {
  if (rows.length === 0) return {};
  const resources = new Map<string, Map<string, OtlpJson[]>>();
  for (const row of rows) {
    const scopes = resources.get(row.resource) ?? new Map<string, OtlpJson[]>();
    resources.set(row.resource, scopes);
    const records = scopes.get(row.scope) ?? [];
    scopes.set(row.scope, records);
    records.push(logRecord(row));
  }
  return {
    resourceLogs: [...resources].map(([resource, scopes]) => ({
      resource: { attributes: keyValues(objectOf(resource)) },
      scopeLogs: [...scopes].map(([scope, logRecords]) => ({ scope: scopeOf(scope), logRecords })),
    })),
  };
}
