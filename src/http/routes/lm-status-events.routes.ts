/**
 * Service status events of a tenant for people (`/lm/v1/tenants/{tenantId}/status-events`): every Landscape
 * Management role reads them; the Landscape Administrator creates, changes and closes them (service-status/).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LANDSCAPE_ERRORS } from '../../landscape/errors.js';
import {
  EVENT_TYPES,
  statusEventViews as views,
  STATUS_EVENT_ERRORS,
  type ServiceStatus,
} from '../../service-status/index.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const eventParams = tenantParams.extend({ eventId: z.string().min(1).max(200) });
const time = z.string().max(40).describe('ISO-8601 with an offset, e.g. 2026-12-01T22:00:00Z');
export const createEventBody = z.object({
  objectId: z.string().min(1).max(100).describe('The managed service or system (its id in Landscape Management)'),
  eventType: z.enum(EVENT_TYPES),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  startTime: time.optional().describe('Default: now'),
  endTime: time.optional().describe('Planned end'),
});
export const changeEventBody = z.object({
  eventType: z.enum(EVENT_TYPES).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  startTime: time.optional(),
  endTime: time.nullable().optional().describe('null removes the planned end'),
});
export const listEventsQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});

const tag = 'landscape';
const auth = 'person';
const TENANT = { 403: [SHARED_ERRORS.forbidden], 404: [LANDSCAPE_ERRORS.tenant_not_found] } as const;
const EVENT = {
  403: [SHARED_ERRORS.forbidden],
  404: [LANDSCAPE_ERRORS.tenant_not_found, STATUS_EVENT_ERRORS.not_found],
  409: [STATUS_EVENT_ERRORS.not_open, STATUS_EVENT_ERRORS.derived],
} as const;

export function registerStatusEventRoutes(app: FastifyInstance, deps: { serviceStatus: ServiceStatus }): void {
  const events = deps.serviceStatus.events;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/lm/v1/tenants/{tenantId}/status-events',
      summary: 'Service status events: recorded and derived (no data received), newest first',
      tag,
      auth,
      params: tenantParams,
      query: listEventsQuery,
      responses: { 200: json('The events and what the caller may do', views.statusEventListSchema) },
      errors: TENANT,
      handler: ({ actor, params, query }) =>
        events.list(actor, params.tenantId, {
          ...(query.status ? { status: query.status } : {}),
          limit: query.limit ?? 100,
          offset: query.offset ?? 0,
        }),
    }),
    defineRoute({
      method: 'POST',
      path: '/lm/v1/tenants/{tenantId}/status-events',
      summary: 'Record a service status event on a managed service or system',
      tag,
      auth,
      params: tenantParams,
      body: createEventBody,
      responses: { 201: json('Recorded', views.statusEventViewSchema) },
      errors: { ...TENANT, 400: [STATUS_EVENT_ERRORS.unknown_object, STATUS_EVENT_ERRORS.bad_time] },
      handler: ({ actor, params, body }) => events.create(actor, params.tenantId, body),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/lm/v1/tenants/{tenantId}/status-events/{eventId}',
      summary: 'Change an open service status event',
      tag,
      auth,
      params: eventParams,
      body: changeEventBody,
      responses: { 200: json('Changed', views.statusEventViewSchema) },
      errors: { ...EVENT, 400: [STATUS_EVENT_ERRORS.bad_time] },
      handler: ({ actor, params, body }) => events.change(actor, params.tenantId, params.eventId, body),
    }),
    defineRoute({
      method: 'POST',
      path: '/lm/v1/tenants/{tenantId}/status-events/{eventId}/close',
      summary: 'Close an open service status event (it ends now, or at its planned end if that has passed)',
      tag,
      auth,
      params: eventParams,
      responses: { 200: json('Closed', views.statusEventViewSchema) },
      errors: EVENT,
      handler: ({ actor, params }) => events.close(actor, params.tenantId, params.eventId),
    }),
  ]);
}
