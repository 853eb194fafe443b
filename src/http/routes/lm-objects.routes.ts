/** Landscape Management: managed services and systems of a tenant (`/lm/v1/tenants/{tenantId}/managed-objects`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Landscape } from '../../landscape/index.js';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const objectParams = tenantParams.extend({ id: z.string().min(1).max(100) });
const createBody = z.object({
  kind: z.enum(['service', 'system']),
  name: z.string().min(1).max(80),
  objectType: z.string().min(1).max(40),
  externalId: z.string().min(1).max(200).optional(),
});
const monitoringBody = z.object({ enabled: z.boolean() });

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
}
