/** OTLP/HTTP JSON logs (ExportLogsServiceRequest): each log record becomes a row. */
import { z } from 'zod';
import { DomainError, invalidInput, type Problem } from '../shared/index.js';
import { anyValue, attributeObject, attributes, isoFromNanos, isProblem, nanos, parseOtlp } from './otlp-common.js';
import { ALM_ERRORS } from './errors.js';

const logRecord = z.object({
  timeUnixNano: nanos.optional(),
  observedTimeUnixNano: nanos.optional(),
  severityNumber: z.union([z.number().int().min(0).max(24), z.string().max(32)]).optional(),
  severityText: z.string().max(32).optional(),
  body: anyValue.optional(),
  attributes: attributes.optional(),
  traceId: z.string().max(64).optional(),
  spanId: z.string().max(32).optional(),
});

export const logsRequest = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: z.object({ attributes: attributes.optional() }).optional(),
        scopeLogs: z
          .array(
            z.object({
              scope: z.object({ name: z.string().max(255).optional() }).optional(),
              logRecords: z.array(logRecord),
            }),
          )
          .optional(),
      }),
    )
    .min(1, 'at least one resourceLogs entry'),
});

export interface LogRecord {
  readonly time: string;
  readonly severity: string;
  readonly body: string;
  readonly attributes: Record<string, unknown>;
}

export function parseLogsRequest(body: unknown, options: { now: Date; maxRecords: number }): LogRecord[] {
  const request = parseOtlp(logsRequest, body, 'logs');
  const records: LogRecord[] = [];
  const problems: Problem[] = [];
  request.resourceLogs.forEach((rl, r) => {
    const resource = attributeObject(rl.resource?.attributes);
    (rl.scopeLogs ?? []).forEach((sl, s) => {
      if (records.length + sl.logRecords.length > options.maxRecords) {
        throw new DomainError(
          'too_large',
          ALM_ERRORS.too_many_records,
          `One request may carry at most ${options.maxRecords} log records; split the export.`,
        );
      }
      sl.logRecords.forEach((lr, i) => {
        const at = `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`;
        const stamp = lr.timeUnixNano ?? lr.observedTimeUnixNano;
        if (stamp === undefined)
          return void problems.push({
            path: `${at}.timeUnixNano`,
            message: 'a log record needs timeUnixNano or observedTimeUnixNano',
          });
        const time = isoFromNanos(stamp, `${at}.timeUnixNano`, options.now);
        if (isProblem(time)) return void problems.push(time);
        const bodyValue = attributeObject([{ key: 'b', ...(lr.body ? { value: lr.body } : {}) }])['b'];
        records.push({
          time,
          severity: lr.severityText ?? (lr.severityNumber !== undefined ? String(lr.severityNumber) : 'UNSPECIFIED'),
          body: typeof bodyValue === 'string' ? bodyValue : JSON.stringify(bodyValue ?? ''),
          attributes: { ...resource, ...attributeObject(lr.attributes) },
        });
      });
    });
  });
  if (problems.length > 0)
    throw invalidInput(
      ALM_ERRORS.invalid_payload,
      `The logs payload has ${problems.length} problem(s): ${problems
        .slice(0, 5)
        .map((p) => `${p.path} ${p.message}`)
        .join('; ')}.`,
      problems.slice(0, 20),
    );
  return records;
}
