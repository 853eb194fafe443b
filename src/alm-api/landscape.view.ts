/**
 * The answers of SAP's CALM_LMS (`/calm-landscape/v1`) and CALM_BSM (`/bsm-service/v1`) APIs as calm-keys gives
 * them, as zod schemas (OpenAPI components, response check) and presenters. Field names are SAP's where a public
 * client or SAP's pages name them; the others are chosen and marked so in README.md ("Landscape and status events").
 */
import { z } from 'zod';
import type { AlmLandscapeObject, AlmStatusEvent } from './alm.deps.js';

/** SAP's object types; calm-keys holds no business services, so `BusinessService` never appears in an answer. */
export const LANDSCAPE_OBJECT_TYPES = ['CloudService', 'TechnicalSystem'] as const;
export const STATUS_EVENT_TYPES = [
  'Maintenance',
  'Degradation',
  'Disruption',
  'Communication',
  'Planned Availability',
] as const;

export const landscapeObjectSchema = z
  .strictObject({
    lmsId: z.string(),
    objectType: z.enum(LANDSCAPE_OBJECT_TYPES),
    name: z.string(),
    serviceType: z.string().describe("The managed object's object type in Landscape Management"),
    source: z.string().describe('MANUAL (created in Landscape Management) or REGISTRATION (registered itself)'),
    externalId: z.string().nullable(),
    systemNumber: z.string().nullable().describe('Not kept by calm-keys: always null'),
    role: z.string().nullable().describe('Not kept by calm-keys: always null'),
    deploymentModel: z.string().nullable().describe('Not kept by calm-keys: always null'),
  })
  .meta({ id: 'LandscapeObject' });
export const landscapeObjectsSchema = z.array(landscapeObjectSchema).meta({ id: 'LandscapeObjects' });

export const landscapePropertiesSchema = z
  .array(z.strictObject({ name: z.string(), value: z.string() }))
  .meta({ id: 'LandscapeProperties', description: 'The properties of one landscape object, as name and value' });

export const statusEventSchema = z
  .strictObject({
    eventId: z.string(),
    eventType: z.enum(STATUS_EVENT_TYPES),
    eventName: z.string(),
    eventDescription: z.string(),
    eventStartTime: z.string(),
    eventEndTime: z.string().nullable(),
    eventStatus: z.enum(['Open', 'Closed']),
    type: z.enum(LANDSCAPE_OBJECT_TYPES),
    serviceName: z.string(),
    serviceType: z.string(),
    lmsId: z.string(),
  })
  .meta({ id: 'StatusEvent' });
export const statusEventsSchema = z.array(statusEventSchema).meta({ id: 'StatusEvents' });

export type LandscapeObject = z.infer<typeof landscapeObjectSchema>;
export type StatusEvent = z.infer<typeof statusEventSchema>;

export function presentObject(object: AlmLandscapeObject): LandscapeObject {
  return {
    lmsId: object.lmsId,
    objectType: object.kind === 'system' ? 'TechnicalSystem' : 'CloudService',
    name: object.name,
    serviceType: object.objectType,
    source: object.source.toUpperCase(),
    externalId: object.externalId,
    systemNumber: null,
    role: null,
    deploymentModel: null,
  };
}

export function presentProperties(object: AlmLandscapeObject): { name: string; value: string }[] {
  const pairs: [string, string | null][] = [
    ['lmsId', object.lmsId],
    ['name', object.name],
    ['objectType', presentObject(object).objectType],
    ['serviceType', object.objectType],
    ['source', object.source.toUpperCase()],
    ['externalId', object.externalId],
    ['monitoringEnabled', String(object.monitoringEnabled)],
    ['createdAt', object.createdAt],
    ['registeredAt', object.registeredAt],
    ['lastDataReceivedAt', object.lastPushAt],
  ];
  return pairs.filter((p): p is [string, string] => p[1] !== null).map(([name, value]) => ({ name, value }));
}

export function presentEvent(event: AlmStatusEvent): StatusEvent {
  const known = (STATUS_EVENT_TYPES as readonly string[]).includes(event.eventType);
  return {
    eventId: event.id,
    eventType: known ? (event.eventType as StatusEvent['eventType']) : 'Communication',
    eventName: event.title,
    eventDescription: event.description,
    eventStartTime: event.startTime,
    eventEndTime: event.endTime,
    eventStatus: event.status === 'closed' ? 'Closed' : 'Open',
    type: event.type === 'TechnicalSystem' ? 'TechnicalSystem' : 'CloudService',
    serviceName: event.serviceName,
    serviceType: event.serviceType,
    lmsId: event.lmsId,
  };
}
