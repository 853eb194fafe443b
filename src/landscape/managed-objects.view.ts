/** The answers of `/lm/v1/tenants/{tenantId}/managed-objects`, as zod schemas (OpenAPI components, response check). */
import { z } from 'zod';
import type { KeyStatus } from './status.js';

export const managedObjectViewSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(['service', 'system']),
    name: z.string(),
    objectType: z.string(),
    externalId: z.string().nullable(),
    lmsId: z.string().nullable(),
    monitoringEnabled: z.boolean(),
    source: z.string(),
    createdAt: z.string(),
    registeredAt: z.string().nullable(),
    lastPush: z.strictObject({ at: z.string(), clientId: z.string(), withTenantKey: z.boolean() }).nullable(),
  })
  .meta({ id: 'ManagedObjectView' });

export const managedObjectListSchema = z
  .strictObject({
    tenantId: z.string(),
    serviceKey: z
      .strictObject({
        name: z.string(),
        clientId: z.string(),
        status: z.enum(['unknown', 'active', 'failed'] satisfies KeyStatus[]),
        deletedInBtp: z.boolean(),
      })
      .nullable()
      .describe('The one key every managed object connects with'),
    items: z.array(managedObjectViewSchema),
    actions: z
      .strictObject({
        manage: z.boolean().describe('Create managed objects and switch their monitoring (lm.landscape.manage)'),
        serviceKey: z.boolean().describe('Open the SAP Cloud ALM Service Key section (lm.service_key.view)'),
      })
      .describe('What the caller may do in this tenant: a UI offers only these'),
  })
  .meta({ id: 'ManagedObjectList' });

export const managedObjectMetricsSchema = z
  .strictObject({
    tenantId: z.string(),
    id: z.string(),
    name: z.string(),
    from: z.string(),
    to: z.string(),
    metrics: z.array(z.string()),
    points: z.array(
      z.strictObject({
        name: z.string(),
        unit: z.string(),
        kind: z.string(),
        time: z.string(),
        value: z.number(),
        count: z.number().optional(),
        attributes: z.unknown(),
      }),
    ),
    truncated: z.boolean().describe('True when the limit cut the answer short'),
  })
  .meta({ id: 'ManagedObjectMetrics' });
