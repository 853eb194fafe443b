/** Reading the audit log: `/audit/v1/events` (calm-keys administrators). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessService } from '../../access/index.js';
import { AUDIT_ERRORS, auditEventListSchema, auditTenantListSchema } from '../../audit/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

export const auditQuery = z.object({
  tenantId: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z
    .string()
    .max(2000)
    .optional()
    .describe('An action, or several separated by commas, e.g. lm.service_key.uploaded,lm.service_key.deleted'),
  from: z.string().max(40).optional().describe('Only events at or after this time: ISO 8601 with a zone'),
  to: z.string().max(40).optional().describe('Only events before this time: ISO 8601 with a zone'),
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
      errors: { 400: [AUDIT_ERRORS.bad_time], 403: [SHARED_ERRORS.forbidden] },
      handler: async ({ actor, query }) => ({ events: await deps.access.listAuditEvents(actor, query) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/audit/v1/tenants',
      summary: 'The Cloud ALM tenants by name, to filter the audit log by (calm-keys Administrator)',
      tag: 'audit',
      auth: 'person',
      responses: { 200: json('Tenants by name', auditTenantListSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden] },
      handler: async ({ actor }) => ({ tenants: await deps.access.listAuditTenants(actor) }),
    }),
  ]);
}
