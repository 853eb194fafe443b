/**
 * What callers of `/lm/v1/tenants/{tenantId}/status-events` see of a service status event, as zod schemas
 * (OpenAPI components, response check) and the presenter from a stored row. The Cloud ALM API's answer
 * (`/api/bsm-service/v1/events`) is SAP's shape, built from the same view in alm-api/.
 */
import { z } from 'zod';
import type { StatusEventsTable } from '../store/index.js';

/** SAP's event types (CALM_BSM `eventType`), spelled as SAP spells them. */
export const EVENT_TYPES = [
  'Maintenance',
  'Degradation',
  'Disruption',
  'Communication',
  'Planned Availability',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * SAP's `type` of the object an event is on. calm-keys holds managed services (CloudService) and systems
 * (TechnicalSystem), never business services, so `BusinessService` is accepted as a filter and matches nothing.
 */
export const OBJECT_TYPES = ['CloudService', 'TechnicalSystem'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
export const objectTypeOf = (kind: 'service' | 'system'): ObjectType =>
  kind === 'system' ? 'TechnicalSystem' : 'CloudService';

export const statusEventViewSchema = z
  .strictObject({
    id: z.string(),
    objectId: z.string().describe('The managed service or system the event is on'),
    type: z.enum(OBJECT_TYPES),
    serviceName: z.string(),
    serviceType: z.string().describe("The managed object's object type"),
    lmsId: z.string(),
    eventType: z.enum(EVENT_TYPES),
    title: z.string(),
    description: z.string(),
    startTime: z.string(),
    endTime: z.string().nullable().describe('Planned or actual end; null while open without a planned end'),
    status: z.enum(['open', 'closed']),
    source: z
      .enum(['manual', 'derived'])
      .describe('manual: recorded by a Landscape Administrator; derived: no data received, computed when read'),
    createdAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    changedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
  })
  .meta({ id: 'StatusEventView' });
export type StatusEventView = z.infer<typeof statusEventViewSchema>;

export const statusEventListSchema = z
  .strictObject({
    tenantId: z.string(),
    noDataMinutes: z.number().int().describe('Minutes without a push after which a derived Disruption opens'),
    items: z.array(statusEventViewSchema),
    actions: z
      .strictObject({
        manage: z.boolean().describe('Create, change and close events (lm.landscape.manage)'),
      })
      .describe('What the caller may do in this tenant: a UI offers only these'),
  })
  .meta({ id: 'StatusEventList' });

export function presentRow(row: StatusEventsTable): StatusEventView {
  return {
    id: row.id,
    objectId: row.object_id,
    type: row.object_type === 'TechnicalSystem' ? 'TechnicalSystem' : 'CloudService',
    serviceName: row.service_name,
    serviceType: row.service_type,
    lmsId: row.lms_id,
    eventType: (EVENT_TYPES as readonly string[]).includes(row.event_type)
      ? (row.event_type as EventType)
      : 'Communication',
    title: row.title,
    description: row.description,
    startTime: row.start_time,
    endTime: row.end_time,
    status: row.closed_at ? 'closed' : 'open',
    source: 'manual',
    createdAt: row.created_at,
    createdBy: row.created_by,
    changedAt: row.changed_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
  };
}
