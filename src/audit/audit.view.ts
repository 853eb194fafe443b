/** The answer of `GET /audit/v1/events` as a zod schema (OpenAPI components, the server tests' response check). */
import { z } from 'zod';

export const auditEventSchema = z
  .strictObject({
    seq: z.number().int(),
    id: z.string(),
    at: z.string(),
    action: z.string().describe('From the audit catalogue, e.g. lm.service_key.uploaded'),
    outcome: z.enum(['success', 'failure', 'denied']),
    actor: z.strictObject({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    tenantId: z.string().nullable(),
    tenantName: z.string().nullable().describe("The Cloud ALM tenant's name; null without a tenant"),
    target: z.strictObject({ type: z.string().nullable(), id: z.string().nullable() }),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable().describe('The requestId of the answer that wrote it'),
  })
  .meta({ id: 'AuditEvent' });

export const auditEventListSchema = z
  .strictObject({ events: z.array(auditEventSchema) })
  .meta({ id: 'AuditEventList' });

export const auditTenantListSchema = z
  .strictObject({ tenants: z.array(z.strictObject({ id: z.string(), name: z.string() })) })
  .meta({ id: 'AuditTenantList', description: 'The Cloud ALM tenants the audit log can be filtered by' });
