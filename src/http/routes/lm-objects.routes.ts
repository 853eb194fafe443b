/** Landscape Management: managed services and systems of a tenant (`/lm/v1/tenants/{tenantId}/managed-objects`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_METRIC_POINTS, type Landscape } from '../../landscape/index.js';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';

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
  period: z.string().max(10).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  // comma-separated metric names; empty means all
  metrics: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_METRIC_POINTS).optional(),
});

export function registerManagedObjectRoutes(app: FastifyInstance, deps: { landscape: Landscape }): void {
  const objects = deps.landscape.managedObjects;
  app.get('/lm/v1/tenants/:tenantId/managed-objects', async (request) => objects.list(requireActor(request), parseInput(tenantParams, request.params, 'params').tenantId));
  app.post('/lm/v1/tenants/:tenantId/managed-objects', async (request, reply) => {
    const { tenantId } = parseInput(tenantParams, request.params, 'params');
    return reply.status(201).send(await objects.create(requireActor(request), tenantId, parseInput(createBody, request.body)));
  });
  app.post('/lm/v1/tenants/:tenantId/managed-objects/:id/monitoring', async (request) => {
    const { tenantId, id } = parseInput(objectParams, request.params, 'params');
    return objects.setMonitoring(requireActor(request), tenantId, id, parseInput(monitoringBody, request.body).enabled);
  });
  /** Pushed metrics of one managed object, for the chart: the people-facing read of what /api received. */
  app.get('/lm/v1/tenants/:tenantId/managed-objects/:id/metrics', async (request) => {
    const { tenantId, id } = parseInput(objectParams, request.params, 'params');
    const q = parseInput(metricsQuery, request.query, 'query');
    const metrics = (q.metrics ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    return objects.metrics(requireActor(request), tenantId, id, {
      ...(q.period ? { period: q.period } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
      metrics,
    });
  });
}
