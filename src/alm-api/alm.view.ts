/** The answers (and the request bodies) of the Cloud ALM API under `/api`, as zod schemas (OpenAPI components, response check). */
import { z } from 'zod';

export { registrationBody as registrationRequestSchema } from './registration.service.js';

export const metricsPushAnswerSchema = z
  .strictObject({ partialSuccess: z.strictObject({}), acceptedDataPoints: z.number().int() })
  .meta({ id: 'MetricsPushAnswer', description: 'OTLP/HTTP ExportMetricsServiceResponse; nothing was rejected' });
export const logsPushAnswerSchema = z
  .strictObject({ partialSuccess: z.strictObject({}), acceptedLogRecords: z.number().int() })
  .meta({ id: 'LogsPushAnswer', description: 'OTLP/HTTP ExportLogsServiceResponse; nothing was rejected' });

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
export const logsReadSchema = z
  .strictObject({
    serviceId: z.string(),
    from: z.string(),
    to: z.string(),
    records: z.array(
      z.strictObject({
        useCase: z.string(),
        time: z.string(),
        severity: z.string(),
        body: z.string(),
        attributes: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'LogsRead' });

export const registrationAnswerSchema = z
  .strictObject({
    lmsId: z.string(),
    systemId: z.string(),
    SID: z.string(),
    created: z.boolean().describe('False when the system was registered before'),
  })
  .meta({ id: 'RegistrationAnswer' });

/** OTLP/HTTP JSON (opentelemetry-proto); the service checks it and answers 400 naming each problem. */
export const otlpMetricsRequestSchema = z
  .looseObject({ resourceMetrics: z.array(z.unknown()) })
  .meta({ id: 'OtlpMetricsRequest' });
export const otlpLogsRequestSchema = z
  .looseObject({ resourceLogs: z.array(z.unknown()) })
  .meta({ id: 'OtlpLogsRequest' });
