/**
 * The one read of status events that people (`/lm/v1`) and clients (`/api/bsm-service/v1/events`) share: the
 * recorded events that match, and the derived ones computed now, newest first, one page of them.
 */
import { derivedEvents } from './derived-events.js';
import { DEFAULT_NO_DATA_MINUTES, type StatusEventDeps } from './status-events.deps.js';
import * as repo from './status-events.repo.js';
import { presentRow, type StatusEventView } from './status-events.view.js';

export interface StatusEventQuery extends repo.StatusEventFilter {
  readonly limit: number;
  readonly offset: number;
}

function matches(filter: repo.StatusEventFilter) {
  return (event: StatusEventView): boolean =>
    (filter.type === undefined || event.type === filter.type) &&
    (filter.serviceName === undefined || event.serviceName === filter.serviceName) &&
    (filter.eventType === undefined || event.eventType === filter.eventType) &&
    (filter.serviceType === undefined || event.serviceType === filter.serviceType) &&
    (filter.to === undefined || event.startTime <= filter.to) &&
    (filter.from === undefined || event.endTime === null || event.endTime >= filter.from) &&
    (filter.status === undefined || event.status === filter.status);
}

const newestFirst = (a: StatusEventView, b: StatusEventView) =>
  a.startTime === b.startTime ? a.id.localeCompare(b.id) : a.startTime < b.startTime ? 1 : -1;

export function createStatusEventQuery(deps: StatusEventDeps) {
  const minutes = deps.noDataMinutes ?? DEFAULT_NO_DATA_MINUTES;
  return {
    noDataMinutes: minutes,
    async query(tenantId: string, query: StatusEventQuery): Promise<StatusEventView[]> {
      // the newest offset + limit recorded rows suffice: every derived event is at hand to merge with them
      const rows = await repo.listEvents(deps.db, tenantId, query, query.offset + query.limit);
      const derived = derivedEvents(await deps.objects.list(tenantId), deps.clock.now(), minutes).filter(
        matches(query),
      );
      return [...rows.map(presentRow), ...derived].sort(newestFirst).slice(query.offset, query.offset + query.limit);
    },
  };
}

export type StatusEventReader = ReturnType<typeof createStatusEventQuery>;
