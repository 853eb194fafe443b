/**
 * OTLP logs (ExportLogsServiceRequest) in the OTLP/HTTP JSON shape (from JSON, or decoded by otlp-protobuf.ts):
 * each log record becomes a row with its resource, scope and detail (migration 010). A record whose body or
 * attributes hold a NaN or infinite double is left out alone (plain JSON cannot keep it), an OTLP partial
 * success; every other problem refuses the request.
 */
import { z } from 'zod';
import { DomainError, type Problem } from '../shared/index.js';
import {
  anyValue,
  attributeObject,
  attributes,
  holdsNonFinite,
  isoFromNanos,
  isProblem,
  isZero,
  nanos,
  nanoString,
  parseOtlp,
  refuseProblems,
  rejectionOf,
  type AnyValue,
  type Rejection,
  MAX_ITEMS_PER_CONTAINER,
  MAX_RESOURCES,
  MAX_SCOPES_PER_RESOURCE,
} from './otlp-common.js';
import { ALM_ERRORS } from './errors.js';

/** OTLP JSON: ids as hex (case-insensitive), empty when there is no trace context. */
const hexId = (bytes: number) =>
  z.string().regex(new RegExp(`^([0-9a-fA-F]{${bytes * 2}})?$`), `expected ${bytes} bytes as hex`);

const logRecord = z.object({
  timeUnixNano: nanos.optional(),
  observedTimeUnixNano: nanos.optional(),
  severityNumber: z.union([z.number().int().min(0).max(24), z.string().max(32)]).optional(),
  severityText: z.string().max(32).optional(),
  body: anyValue.optional(),
  attributes: attributes.optional(),
  flags: z.number().int().min(0).optional(),
  traceId: hexId(16).optional(),
  spanId: hexId(8).optional(),
  eventName: z.string().max(255).optional(),
});

/** A request without resourceLogs is empty, and OTLP answers an empty request with success. */
export const logsRequest = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: z.object({ attributes: attributes.optional() }).optional(),
        scopeLogs: z
          .array(
            z.object({
              scope: z
                .object({ name: z.string().max(255).optional(), version: z.string().max(64).optional() })
                .optional(),
              logRecords: z.array(logRecord).max(MAX_ITEMS_PER_CONTAINER).optional(),
            }),
          )
          .max(MAX_SCOPES_PER_RESOURCE)
          .optional(),
      }),
    )
    .max(MAX_RESOURCES)
    .optional(),
});

/** What OTLP says of a record beyond its text (the `detail` column; keys only where they apply). */
export interface LogDetail {
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano?: string;
  readonly severityNumber?: number;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly flags?: number;
  readonly eventName?: string;
  /** The body as OTLP JSON AnyValue, only when it is not a plain string. */
  readonly body?: AnyValue;
}

export interface LogRecord {
  readonly time: string;
  readonly severity: string;
  /** The string body, or the text form of another body. */
  readonly body: string;
  /** The record's own attributes (the resource's are in `resource`). */
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
  readonly scope: { readonly name?: string; readonly version?: string };
  readonly detail: LogDetail;
}

export interface ParsedLogs {
  readonly records: LogRecord[];
  readonly rejection: Rejection | undefined;
}

type Record_ = z.infer<typeof logRecord>;

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** SeverityNumber as a number: OTLP JSON sends it so; proto3 JSON elsewhere may name it (SEVERITY_NUMBER_WARN2). */
function severityNumberOf(value: number | string | undefined): number | undefined {
  if (typeof value !== 'string') return value || undefined;
  const named = /^SEVERITY_NUMBER_([A-Z]+)([2-4])?$/.exec(value);
  const level = named ? LEVELS.indexOf(named[1]!) : -1;
  return level < 0 ? undefined : 1 + 4 * level + (named![2] ? Number(named![2]) - 1 : 0);
}

function detailOf(lr: Record_, stamp: string | number): LogDetail {
  const severityNumber = severityNumberOf(lr.severityNumber);
  return {
    timeUnixNano: nanoString(stamp),
    ...(lr.observedTimeUnixNano !== undefined && !isZero(lr.observedTimeUnixNano)
      ? { observedTimeUnixNano: nanoString(lr.observedTimeUnixNano) }
      : {}),
    ...(severityNumber ? { severityNumber } : {}),
    ...(lr.traceId ? { traceId: lr.traceId.toLowerCase() } : {}),
    ...(lr.spanId ? { spanId: lr.spanId.toLowerCase() } : {}),
    ...(lr.flags ? { flags: lr.flags } : {}),
    ...(lr.eventName ? { eventName: lr.eventName } : {}),
    ...(lr.body && lr.body.stringValue === undefined ? { body: lr.body } : {}),
  };
}

export function parseLogsRequest(body: unknown, options: { now: Date; maxRecords: number }): ParsedLogs {
  const request = parseOtlp(logsRequest, body, 'logs');
  const records: LogRecord[] = [];
  const problems: Problem[] = [];
  const nonFinite: string[] = [];
  let seen = 0;
  (request.resourceLogs ?? []).forEach((rl, r) => {
    const resource = attributeObject(rl.resource?.attributes);
    (rl.scopeLogs ?? []).forEach((sl, s) => {
      const scope = {
        ...(sl.scope?.name ? { name: sl.scope.name } : {}),
        ...(sl.scope?.version ? { version: sl.scope.version } : {}),
      };
      const logRecords = sl.logRecords ?? [];
      seen += logRecords.length;
      if (seen > options.maxRecords) {
        throw new DomainError(
          'too_large',
          ALM_ERRORS.too_many_records,
          `One request may carry at most ${options.maxRecords} log records; split the export.`,
        );
      }
      logRecords.forEach((lr, i) => {
        const at = `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`;
        // 0 is OTLP's "unknown": the observed time stands in
        const time = lr.timeUnixNano !== undefined && !isZero(lr.timeUnixNano) ? lr.timeUnixNano : undefined;
        const stamp = time ?? lr.observedTimeUnixNano;
        if (stamp === undefined || isZero(stamp))
          return void problems.push({
            path: `${at}.timeUnixNano`,
            message: 'a log record needs timeUnixNano or observedTimeUnixNano',
          });
        const iso = isoFromNanos(
          stamp,
          `${at}.${time === undefined ? 'observedTimeUnixNano' : 'timeUnixNano'}`,
          options.now,
        );
        if (isProblem(iso)) return void problems.push(iso);
        if (holdsNonFinite(lr.body)) return void nonFinite.push(`${at}.body`);
        const bad = (lr.attributes ?? []).findIndex((kv) => holdsNonFinite(kv.value));
        if (bad >= 0) return void nonFinite.push(`${at}.attributes[${bad}]`);
        const bodyValue = attributeObject([{ key: 'b', ...(lr.body ? { value: lr.body } : {}) }])['b'];
        records.push({
          time: iso,
          severity: lr.severityText ?? (lr.severityNumber !== undefined ? String(lr.severityNumber) : 'UNSPECIFIED'),
          body: typeof bodyValue === 'string' ? bodyValue : JSON.stringify(bodyValue ?? ''),
          attributes: attributeObject(lr.attributes),
          resource,
          scope,
          detail: detailOf(lr, stamp),
        });
      });
    });
  });
  refuseProblems(problems, 'logs');
  return {
    records,
    rejection: rejectionOf(
      nonFinite,
      'log record(s)',
      'a double in the body or an attribute is NaN or infinite, which cannot be stored',
    ),
  };
}
