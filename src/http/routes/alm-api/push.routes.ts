/** Raw Data inbound: OTLP/HTTP metrics and logs pushed to a managed service or system (`?serviceId=`). */
import { z } from 'zod';
import { almViews as views } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { HTTP_ERRORS } from '../../error-codes.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { API_BODY_LIMIT, auth, tag, TOKEN, type AlmRouteKit } from './kit.js';

export const pushQuery = z.object({
  serviceId: z.string().max(100).optional(),
  useCase: z.string().max(100).optional(),
  version: z.string().max(10).optional(),
});

export const SERVICE = { 404: [ALM_ERRORS.service_not_found], 409: [ALM_ERRORS.monitoring_disabled] } as const;

export function pushRoutes({ almApi: { telemetry }, as }: AlmRouteKit): AnyRoute[] {
  const limits = { bodyLimit: API_BODY_LIMIT };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/calm-metrics/v1/metrics',
      summary: 'Push OTLP/HTTP JSON metrics (scope calm-api.metrics.write)',
      tag,
      auth,
      before: as('metrics.write'),
      query: pushQuery,
      body: {
        raw: true,
        content: { 'application/json': views.otlpMetricsRequestSchema },
        description: 'ExportMetricsServiceRequest, OTLP/HTTP JSON; gzip accepted',
      },
      fastify: limits,
      responses: { 200: json('Accepted', views.metricsPushAnswerSchema) },
      errors: {
        ...TOKEN,
        ...SERVICE,
        400: [ALM_ERRORS.invalid_payload, ALM_ERRORS.service_id_missing],
        413: [ALM_ERRORS.too_many_points, HTTP_ERRORS.too_large],
      },
      handler: async ({ auth: who, query, body }) => {
        const { accepted } = await telemetry.pushMetrics(who, query.serviceId, body);
        // OTLP/HTTP: an ExportMetricsServiceResponse; nothing was rejected
        return { partialSuccess: {}, acceptedDataPoints: accepted };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/calm-logs/v1/logs',
      summary: 'Push OTLP/HTTP JSON logs (scope calm-api.logs.write)',
      tag,
      auth,
      before: as('logs.write'),
      query: pushQuery,
      body: {
        raw: true,
        content: { 'application/json': views.otlpLogsRequestSchema },
        description: 'ExportLogsServiceRequest, OTLP/HTTP JSON; gzip accepted',
      },
      fastify: limits,
      responses: { 200: json('Accepted', views.logsPushAnswerSchema) },
      errors: {
        ...TOKEN,
        ...SERVICE,
        400: [ALM_ERRORS.invalid_payload, ALM_ERRORS.service_id_missing, ALM_ERRORS.use_case_missing],
        413: [ALM_ERRORS.too_many_records, HTTP_ERRORS.too_large],
      },
      handler: async ({ auth: who, query, body }) => {
        const { accepted } = await telemetry.pushLogs(who, query.serviceId, query.useCase, body);
        return { partialSuccess: {}, acceptedLogRecords: accepted };
      },
    }),
  ];
}
