/** Raw Data outbound: metrics and logs read back (`GET /calm-metrics/v1/metrics`, `GET /calm-logs/v1/logs`). */
import { z } from 'zod';
import { almViews as views } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';
import { SERVICE } from './push.routes.js';

export const readQuery = z.object({
  serviceId: z.string().max(100).optional(),
  metrics: z.string().max(2000).optional(),
  useCase: z.string().max(100).optional(),
  period: z.string().max(10).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  version: z.string().max(10).optional(),
  provider: z.string().max(20).optional(),
  format: z.string().max(20).optional(),
});

const READ_ERRORS = {
  ...TOKEN,
  ...SERVICE,
  400: [ALM_ERRORS.service_id_missing, ALM_ERRORS.bad_time, ALM_ERRORS.bad_period, ALM_ERRORS.window_too_long],
} as const;

export function rawReadRoutes({ almApi: { rawReads }, as }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/calm-metrics/v1/metrics',
      summary: 'Read metrics (scope calm-api.metrics.read)',
      tag,
      auth,
      before: as('metrics.read'),
      query: readQuery,
      responses: { 200: json('Points in the window', views.metricsReadSchema) },
      errors: READ_ERRORS,
      handler: ({ auth: who, query }) => rawReads.readMetrics(who, query),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/calm-logs/v1/logs',
      summary: 'Read logs (scope calm-api.logs.read)',
      tag,
      auth,
      before: as('logs.read'),
      query: readQuery,
      responses: { 200: json('Records in the window', views.logsReadSchema) },
      errors: READ_ERRORS,
      handler: ({ auth: who, query }) => rawReads.readLogs(who, query),
    }),
  ];
}
