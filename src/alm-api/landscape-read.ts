/**
 * The landscape reads of the Cloud ALM API, with a key's token: SAP's CALM_LMS `landscapeObjects` and
 * `properties`, and CALM_BSM `events`. The tenant is the token's (bearer.ts); the data is Landscape
 * Management's and service-status/'s, reached through the ports of alm.deps.ts. Filters are exact matches and
 * all apply together; answers are sorted (objects by name, events newest first) and paged by limit/offset.
 */
import { DomainError, invalidInput, parseIsoTimestamp, timeWindow } from '../shared/index.js';
import type { AlmApiDeps, AlmLandscapeObject } from './alm.deps.js';
import type { ApiPrincipal } from './bearer.js';
import { ALM_ERRORS, ALM_TIME_WINDOW_PREFIX } from './errors.js';
import {
  presentEvent,
  presentObject,
  presentProperties,
  type LandscapeObject,
  type StatusEvent,
} from './landscape.view.js';

/** Rows one page answers by default and at most. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface Paging {
  readonly limit?: number;
  readonly offset?: number;
}

export type LandscapeQuery = Paging & Partial<Record<(typeof OBJECT_FILTERS)[number], string>>;

export interface EventsQuery extends Paging {
  readonly type?: string;
  readonly serviceName?: string;
  readonly eventType?: string;
  readonly serviceType?: string;
  readonly period?: string;
  readonly startTime?: string;
  readonly endTime?: string;
}

/** SAP's filters of `landscapeObjects`, each compared with the field of the same name in the answer. */
export const OBJECT_FILTERS = [
  'name',
  'systemNumber',
  'objectType',
  'source',
  'lmsId',
  'serviceType',
  'role',
  'externalId',
  'deploymentModel',
] as const;

const page = (q: Paging) => ({ limit: Math.min(q.limit ?? DEFAULT_PAGE, MAX_PAGE), offset: q.offset ?? 0 });

/** startTime/endTime (ISO-8601 with an offset) win over period (60M, 24H, 7D back from now); none: all time. */
function eventWindow(query: EventsQuery, now: Date): { from?: string; to?: string } {
  if (query.startTime !== undefined || query.endTime !== undefined) {
    const iso = (text: string, path: string) =>
      new Date(parseIsoTimestamp(text, path, ALM_ERRORS.bad_time)).toISOString();
    const from = query.startTime === undefined ? undefined : iso(query.startTime, 'startTime');
    const to = query.endTime === undefined ? undefined : iso(query.endTime, 'endTime');
    if (from !== undefined && to !== undefined && from > to)
      throw invalidInput(ALM_ERRORS.bad_time, 'startTime must not be after endTime.', [
        { path: 'startTime', message: 'after endTime' },
      ]);
    return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  if (query.period !== undefined) return timeWindow({ period: query.period }, now, ALM_TIME_WINDOW_PREFIX);
  return {};
}

export function createLandscapeRead(deps: Pick<AlmApiDeps, 'registry' | 'statusEvents' | 'clock'>) {
  async function findByLmsId(tenantId: string, lmsId: string): Promise<AlmLandscapeObject> {
    const object = (await deps.registry.listObjects(tenantId)).find((o) => o.lmsId === lmsId);
    if (!object)
      throw new DomainError(
        'not_found',
        ALM_ERRORS.landscape_object_not_found,
        `No landscape object with LMS ID "${lmsId}" in this tenant.`,
      );
    return object;
  }

  return {
    async objects(who: ApiPrincipal, query: LandscapeQuery): Promise<LandscapeObject[]> {
      const { limit, offset } = page(query);
      const objects = (await deps.registry.listObjects(who.tenantId)).map(presentObject);
      return objects
        .filter((o) => OBJECT_FILTERS.every((f) => query[f] === undefined || o[f] === query[f]))
        .slice(offset, offset + limit);
    },

    async properties(who: ApiPrincipal, query: { lmsId?: string }): Promise<{ name: string; value: string }[]> {
      if (!query.lmsId)
        throw invalidInput(ALM_ERRORS.lms_id_missing, 'Name the landscape object: ?lmsId=<LMS ID>.', [
          { path: 'lmsId', message: 'required' },
        ]);
      return presentProperties(await findByLmsId(who.tenantId, query.lmsId));
    },

    async events(who: ApiPrincipal, query: EventsQuery): Promise<StatusEvent[]> {
      const events = await deps.statusEvents.query(who.tenantId, {
        ...(query.type !== undefined ? { type: query.type } : {}),
        ...(query.serviceName !== undefined ? { serviceName: query.serviceName } : {}),
        ...(query.eventType !== undefined ? { eventType: query.eventType } : {}),
        ...(query.serviceType !== undefined ? { serviceType: query.serviceType } : {}),
        ...eventWindow(query, deps.clock.now()),
        ...page(query),
      });
      return events.map(presentEvent);
    },
  };
}

export type LandscapeRead = ReturnType<typeof createLandscapeRead>;
