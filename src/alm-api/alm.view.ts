/** The answers (and the request bodies) of the Cloud ALM API under `/api`, as zod schemas (OpenAPI components, response check). */
import { z } from 'zod';

export { registrationBody as registrationRequestSchema } from './registration.service.js';
export * from './raw-reads.view.js';

/** int64 in proto3 JSON: a decimal string (OTLP/HTTP JSON Protobuf Encoding). */
const int64Text = z.string().regex(/^\d+$/);
export const metricsPushAnswerSchema = z
  .strictObject({
    partialSuccess: z
      .strictObject({ rejectedDataPoints: int64Text, errorMessage: z.string() })
      .optional()
      .describe('Only when points were rejected (a NaN or infinite value); absent on full success, as OTLP requires'),
    acceptedDataPoints: z.number().int().describe('calm-keys: the points stored'),
  })
  .meta({ id: 'MetricsPushAnswer', description: 'OTLP/HTTP ExportMetricsServiceResponse (JSON)' });
export const logsPushAnswerSchema = z
  .strictObject({
    partialSuccess: z
      .strictObject({ rejectedLogRecords: int64Text, errorMessage: z.string() })
      .optional()
      .describe('Only when records were rejected (a NaN or infinite double); absent on full success'),
    acceptedLogRecords: z.number().int().describe('calm-keys: the records stored'),
  })
  .meta({ id: 'LogsPushAnswer', description: 'OTLP/HTTP ExportLogsServiceResponse (JSON)' });
/** The binary protobuf form of either answer, for a request sent as application/x-protobuf (documented, not checked). */
export const otlpProtobufAnswerSchema = z
  .string()
  .meta({ id: 'OtlpProtobufAnswer', format: 'binary', description: 'Export*ServiceResponse, binary protobuf' });

export const metricPointSchema = z
  .strictObject({
    name: z.string(),
    unit: z.string(),
    kind: z.string(),
    time: z.string(),
    value: z.number(),
    count: z.number().optional(),
    attributes: z.unknown(),
  })
  .meta({ id: 'MetricPoint' });
export const metricsReadSchema = z
  .strictObject({ serviceId: z.string(), from: z.string(), to: z.string(), points: z.array(metricPointSchema) })
  .meta({ id: 'MetricsRead' });

export const registrationAnswerSchema = z
  .strictObject({
    lmsId: z.string(),
    systemId: z.string(),
    SID: z.string(),
    created: z.boolean().describe('False when the system was registered before'),
  })
  .meta({ id: 'RegistrationAnswer' });

/** OTLP/HTTP JSON (opentelemetry-proto); the service checks it and answers 400 naming each problem; empty is fine. */
export const otlpMetricsRequestSchema = z
  .looseObject({ resourceMetrics: z.array(z.unknown()).optional() })
  .meta({ id: 'OtlpMetricsRequest' });
export const otlpLogsRequestSchema = z
  .looseObject({ resourceLogs: z.array(z.unknown()).optional() })
  .meta({ id: 'OtlpLogsRequest' });
/** OTLP/HTTP binary protobuf (the same messages); decoded with the official definitions, then checked as JSON is. */
export const otlpProtobufRequestSchema = z
  .string()
  .meta({ id: 'OtlpProtobufRequest', format: 'binary', description: 'Export*ServiceRequest, binary protobuf' });
