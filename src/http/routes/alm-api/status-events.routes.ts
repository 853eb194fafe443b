/** SAP's CALM_BSM read (`/bsm-service/v1/events`): the service status events of the token's tenant. Scope calm-api.bsm.read. */
import { z } from 'zod';
import { landscapeApiViews as views } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';
import { pagingQuery } from './landscape.routes.js';

const text = z.string().min(1).max(200).optional();

export const eventsQuery = z.object({
  type: z.enum(['BusinessService', 'CloudService', 'TechnicalSystem']).optional(),
  serviceName: text,
  eventType: z.enum(views.STATUS_EVENT_TYPES).optional(),
  serviceType: text,
  period: z.string().max(10).optional().describe('e.g. 60M, 24H, 7D back from now'),
  startTime: z.string().max(40).optional().describe('ISO-8601 with an offset; events that end after it'),
  endTime: z.string().max(40).optional().describe('ISO-8601 with an offset; events that start before it'),
  ...pagingQuery,
});

export function statusEventRoutes({ almApi: { landscape }, as }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/bsm-service/v1/events',
      summary: 'Service status events of the tenant, newest first (scope calm-api.bsm.read)',
      tag,
      auth,
      before: as('bsm.read'),
      query: eventsQuery,
      responses: { 200: json('The matching events', views.statusEventsSchema) },
      errors: { ...TOKEN, 400: [ALM_ERRORS.bad_time, ALM_ERRORS.bad_period, ALM_ERRORS.window_too_long] },
      handler: ({ auth: who, query }) => landscape.events(who, query),
    }),
  ];
}
