/** Reading the audit log: `/audit/v1/events` (calm-keys administrators). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../access/index.js';
import { listAuditEvents } from '../../audit/index.js';
import type { Db } from '../../store/index.js';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';

export const auditQuery = z.object({
  tenantId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export function registerAuditRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/audit/v1/events', async (request) => {
    authorize(requireActor(request), 'system.audit.view', { kind: 'system' });
    const q = parseInput(auditQuery, request.query, 'query');
    return { events: await listAuditEvents(deps.db, q) };
  });
}
