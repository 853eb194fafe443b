/**
 * Raw Data inbound: OTLP/HTTP metrics and logs pushed to a managed service or system (`?serviceId=`), in JSON or
 * binary protobuf, each optionally gzip-compressed. The answer is the OTLP Export*ServiceResponse in the
 * request's encoding (OTLP/HTTP: "the same Content-Type in the response as it received in the request").
 */
import { z } from 'zod';
import {
  almViews as views,
  encodeLogsResponse,
  encodeMetricsResponse,
  type PushOutcome,
} from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { HTTP_ERRORS } from '../../error-codes.js';
import { defineRoute, type AnyRoute, type ResponseSpec } from '../../contract/route.js';
import { API_BODY_LIMIT, auth, tag, TOKEN, type AlmRouteKit } from './kit.js';
import { otlpPayload, PROTOBUF } from './otlp-media.js';

export const pushQuery = z.object({
  serviceId: z.string().max(100).optional(),
  useCase: z.string().max(100).optional(),
  version: z.string().max(10).optional(),
});

export const SERVICE = { 404: [ALM_ERRORS.service_not_found], 409: [ALM_ERRORS.monitoring_disabled] } as const;

/** What a push can refuse as bad input: the OTLP content, the JSON or gzip wrapping, the target. */
const OTLP_INPUT = [
  ALM_ERRORS.invalid_payload,
  ALM_ERRORS.invalid_protobuf,
  ALM_ERRORS.service_id_missing,
  HTTP_ERRORS.malformed_body,
  HTTP_ERRORS.empty_body,
  HTTP_ERRORS.bad_gzip,
  HTTP_ERRORS.unsupported_encoding,
];

const answer = (schema: z.ZodType): ResponseSpec => ({
  description: 'Accepted; `partialSuccess` names what was left out. In the encoding of the request.',
  schema,
  alternatives: { [PROTOBUF]: views.otlpProtobufAnswerSchema },
});

const requestBody = (json: z.ZodType, what: string) => ({
  raw: true as const,
  content: { 'application/json': json, [PROTOBUF]: views.otlpProtobufRequestSchema },
  description: `${what}, OTLP/HTTP JSON or binary protobuf; Content-Encoding: gzip accepted`,
});

/** The JSON answer's partialSuccess (int64 as a decimal string, proto3 JSON), only when something was rejected. */
const partial = (outcome: PushOutcome, field: 'rejectedDataPoints' | 'rejectedLogRecords') =>
  outcome.rejection
    ? {
        partialSuccess: { [field]: String(outcome.rejection.rejected), errorMessage: outcome.rejection.errorMessage },
      }
    : {};

export function pushRoutes({ almApi: { telemetry }, as }: AlmRouteKit): AnyRoute[] {
  const limits = { bodyLimit: API_BODY_LIMIT };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/calm-metrics/v1/metrics',
      summary: 'Push OTLP/HTTP metrics (scopes calm-api.metrics.write and calm-api.hm.write)',
      tag,
      auth,
      // SAP's Automation Pilot command that pushes to Health Monitoring needs both (alm-api/README.md)
      before: as(['metrics.write', 'hm.write']),
      query: pushQuery,
      body: requestBody(views.otlpMetricsRequestSchema, 'ExportMetricsServiceRequest'),
      fastify: limits,
      responses: { 200: answer(views.metricsPushAnswerSchema) },
      errors: {
        ...TOKEN,
        ...SERVICE,
        400: OTLP_INPUT,
        413: [ALM_ERRORS.too_many_points, HTTP_ERRORS.too_large],
        415: [ALM_ERRORS.unsupported_media_type],
      },
      handler: async ({ request, reply, auth: who, query, body }) => {
        const payload = otlpPayload(request, body);
        const outcome = await telemetry.pushMetrics(who, query.serviceId, payload);
        if (payload.encoding === 'protobuf') {
          void reply.type(PROTOBUF);
          return encodeMetricsResponse(outcome.rejection);
        }
        return { ...partial(outcome, 'rejectedDataPoints'), acceptedDataPoints: outcome.accepted };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/calm-logs/v1/logs',
      summary: 'Push OTLP/HTTP logs (scope calm-api.logs.write)',
      tag,
      auth,
      before: as('logs.write'),
      query: pushQuery,
      body: requestBody(views.otlpLogsRequestSchema, 'ExportLogsServiceRequest'),
      fastify: limits,
      responses: { 200: answer(views.logsPushAnswerSchema) },
      errors: {
        ...TOKEN,
        ...SERVICE,
        400: [...OTLP_INPUT, ALM_ERRORS.use_case_missing],
        413: [ALM_ERRORS.too_many_records, HTTP_ERRORS.too_large],
        415: [ALM_ERRORS.unsupported_media_type],
      },
      handler: async ({ request, reply, auth: who, query, body }) => {
        const payload = otlpPayload(request, body);
        const outcome = await telemetry.pushLogs(who, query.serviceId, query.useCase, payload);
        if (payload.encoding === 'protobuf') {
          void reply.type(PROTOBUF);
          return encodeLogsResponse(outcome.rejection);
        }
        return { ...partial(outcome, 'rejectedLogRecords'), acceptedLogRecords: outcome.accepted };
      },
    }),
  ];
}
