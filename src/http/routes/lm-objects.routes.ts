/** Landscape Management: managed services and systems of a tenant (`/lm/v1/tenants/{tenantId}/managed-objects`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { landscapeViews as views, MAX_METRIC_POINTS, type Landscape, LANDSCAPE_ERRORS } from '../../landscape/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const objectParams = tenantParams.extend({ id: z.string().min(1).max(100) });
export const createBody = z.object({
  kind: z.enum(['service', 'system']),
  name: z.string().min(1).max(80),
  objectType: z.string().min(1).max(40),
  externalId: z.string().min(1).max(200).optional(),
});
export const monitoringBody = z.object({ enabled: z.boolean() });
export const metricsQuery = z.object({
  period: z.string().max(10).optional().describe('e.g. 1H, 24H, 7D (default 1H)'),
  from: z.string().max(40).optional().describe('ISO timestamp with offset'),
  to: z.string().max(40).optional().describe('ISO timestamp with offset'),
  metrics: z.string().max(2000).optional().describe('Comma-separated metric names; empty means all'),
  limit: z.coerce.number().int().min(1).max(MAX_METRIC_POINTS).optional(),
});

const tag = 'landscape';
const auth = 'person';
const TENANT = { 403: [SHARED_ERRORS.forbidden], 404: [LANDSCAPE_ERRORS.tenant_not_found] } as const;
const OBJECT = {
  403: [SHARED_ERRORS.forbidden],
  404: [LANDSCAPE_ERRORS.tenant_not_found, LANDSCAPE_ERRORS.managed_object_not_found],
} as const;

export function registerManagedObjectRoutes(app: FastifyInstance, deps: { landscape: Landscape }): void {
  const objects = deps.landscape.managedObjects;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/lm/v1/tenants/{tenantId}/managed-objects',
      summary: 'Managed services and systems with observed use',
      tag,
      auth,
      params: tenantParams,
      responses: {
        200: json('The managed objects and the tenant key they connect with', views.managedObjectListSchema),
      },
      errors: TENANT,
      handler: ({ actor, params }) => objects.list(actor, params.tenantId),
    }),
    defineRoute({
      method: 'POST',
      path: '/lm/v1/tenants/{tenantId}/managed-objects',
      summary: 'Create a managed service or system',
      tag,
      auth,
      params: tenantParams,
      body: createBody,
      responses: { 201: json('Created', views.managedObjectViewSchema) },
      errors: {
        ...TENANT,
        400: [LANDSCAPE_ERRORS.managed_object_bad_name],
        409: [LANDSCAPE_ERRORS.managed_object_exists],
      },
      handler: ({ actor, params, body }) => objects.create(actor, params.tenantId, body),
    }),
    defineRoute({
      method: 'POST',
      path: '/lm/v1/tenants/{tenantId}/managed-objects/{id}/monitoring',
      summary: 'Enable or disable monitoring',
      tag,
      auth,
      params: objectParams,
      body: monitoringBody,
      responses: { 200: json('The managed object', views.managedObjectViewSchema) },
      errors: OBJECT,
      handler: ({ actor, params, body }) => objects.setMonitoring(actor, params.tenantId, params.id, body.enabled),
    }),
    /** Pushed metrics of one managed object, for the chart: the people-facing read of what /api received. */
    defineRoute({
      method: 'GET',
      path: '/lm/v1/tenants/{tenantId}/managed-objects/{id}/metrics',
      summary: 'Metrics pushed for a managed object (for people; the chart)',
      tag,
      auth,
      params: objectParams,
      query: metricsQuery,
      responses: { 200: json('The points in the window', views.managedObjectMetricsSchema) },
      errors: {
        ...OBJECT,
        400: [
          LANDSCAPE_ERRORS.metrics_bad_time,
          LANDSCAPE_ERRORS.metrics_bad_period,
          LANDSCAPE_ERRORS.metrics_window_too_long,
        ],
      },
      handler: ({ actor, params, query: q }) =>
        objects.metrics(actor, params.tenantId, params.id, {
          ...(q.period ? { period: q.period } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
          metrics: (q.metrics ?? '')
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        }),
    }),
  ]);
}
