/**
 * The answers of the Raw Data reads (OpenAPI components, response check): the OTLP JSON forms
 * (`format=protobuf-json`), and the documented-only text and binary forms of the same answers.
 */
import { z } from 'zod';
import type { OtlpValue } from './otlp-encode.js';

const nanos = z.string().regex(/^\d{1,20}$/);

export const otlpValueSchema: z.ZodType<OtlpValue> = z.lazy(() =>
  z.union([
    z.strictObject({ stringValue: z.string() }),
    z.strictObject({ boolValue: z.boolean() }),
    z.strictObject({ intValue: z.string().regex(/^-?\d+$/) }),
    z.strictObject({ doubleValue: z.number() }),
    z.strictObject({ arrayValue: z.strictObject({ values: z.array(otlpValueSchema) }) }),
    z.strictObject({ kvlistValue: z.strictObject({ values: z.array(keyValueSchema) }) }),
  ]),
);
const keyValueSchema = z.strictObject({ key: z.string(), value: otlpValueSchema });
const labelSchema = z.strictObject({ key: z.string(), value: z.strictObject({ stringValue: z.string() }) });

const numberPoint = z.strictObject({
  attributes: z.array(labelSchema),
  timeUnixNano: nanos,
  asDouble: z.number().optional(),
  asInt: z.string().regex(/^\d+$/).optional(),
});
const histogramPoint = z.strictObject({
  attributes: z.array(labelSchema),
  startTimeUnixNano: nanos,
  timeUnixNano: nanos,
  count: z.string().regex(/^\d+$/),
  sum: z.number(),
  bucketCounts: z.array(z.string().regex(/^\d+$/)),
  explicitBounds: z.array(z.number()),
});
const metric = z.strictObject({
  name: z.string(),
  description: z.string(),
  unit: z.string(),
  gauge: z.strictObject({ dataPoints: z.array(numberPoint) }).optional(),
  histogram: z.strictObject({ aggregationTemporality: z.literal(1), dataPoints: z.array(histogramPoint) }).optional(),
});
const scope = z.strictObject({ name: z.string(), version: z.string().optional() });

export const rawMetricsJsonSchema = z
  .union([
    z.strictObject({
      resourceMetrics: z.array(
        z.strictObject({
          resource: z.strictObject({ attributes: z.array(labelSchema) }),
          scopeMetrics: z.array(z.strictObject({ scope, metrics: z.array(metric) })),
        }),
      ),
    }),
    z.strictObject({}),
  ])
  .meta({
    id: 'RawMetricsOtlpJson',
    description: 'OTLP/HTTP JSON ExportMetricsServiceRequest (format=protobuf-json); {} when the window holds nothing',
  });

const logRecord = z.strictObject({
  timeUnixNano: nanos,
  observedTimeUnixNano: nanos,
  severityNumber: z.number().int().min(0).max(24).optional(),
  severityText: z.string(),
  body: otlpValueSchema,
  attributes: z.array(keyValueSchema),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  spanId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  flags: z.number().int().optional(),
  eventName: z.string().optional(),
});

export const rawLogsJsonSchema = z
  .union([
    z.strictObject({
      resourceLogs: z.array(
        z.strictObject({
          resource: z.strictObject({ attributes: z.array(keyValueSchema) }),
          scopeLogs: z.array(z.strictObject({ scope, logRecords: z.array(logRecord) })),
        }),
      ),
    }),
    z.strictObject({}),
  ])
  .meta({
    id: 'RawLogsOtlpJson',
    description: 'OTLP/HTTP JSON ExportLogsServiceRequest (format=protobuf-json); {} when the window holds nothing',
  });

export const prometheusTextSchema = z
  .string()
  .meta({ id: 'PrometheusText', description: 'Prometheus text exposition 0.0.4; empty when nothing' });
export const protobufSchema = z
  .string()
  .meta({ format: 'binary', description: 'OTLP binary protobuf; an empty body when nothing' });
