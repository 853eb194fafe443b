/** Reading the audit log: `/audit/v1/events` (calm-keys administrators). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessService } from '../../access/index.js';
import { auditEventListSchema } from '../../audit/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

export const auditQuery = z.object({
  tenantId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  requestId: z
    .string()
    .max(100)
    .optional()
    .describe('The records one request wrote: the requestId of an error body or an x-request-id header'),
  beforeSeq: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Page on: the seq of the last event of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export function registerAuditRoutes(app: FastifyInstance, deps: { access: AccessService }): void {
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/audit/v1/events',
      summary: 'Audit log, newest first (calm-keys Administrator)',
      tag: 'audit',
      auth: 'person',
      query: auditQuery,
      responses: { 200: json('Events, newest first', auditEventListSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden] },
      handler: async ({ actor, query }) => ({ events: await deps.access.listAuditEvents(actor, query) }),
    }),
  ]);
}
