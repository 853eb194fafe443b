/**
 * Derived status events: a managed service or system whose monitoring is on and whose last push is older than
 * N minutes has an open Disruption "No data received from <name> for N minutes". Computed when read, not
 * recorded (README.md, "Derived events"): it closes itself, that is, it is gone, as soon as data arrives again.
 * An object that never pushed has no such event: there is no "last data" to count from.
 */
import type { StatusEventObject } from './status-events.deps.js';
import { objectTypeOf, type StatusEventView } from './status-events.view.js';

export function derivedEvents(
  objects: readonly StatusEventObject[],
  now: Date,
  noDataMinutes: number,
): StatusEventView[] {
  const limitMs = noDataMinutes * 60_000;
  const out: StatusEventView[] = [];
  for (const object of objects) {
    if (!object.monitoringEnabled || object.lastPushAt === null) continue;
    const last = Date.parse(object.lastPushAt);
    if (!Number.isFinite(last) || now.getTime() - last < limitMs) continue;
    out.push({
      // stable for one outage (the same last push), new for the next one
      id: `no-data-${object.id}-${last}`,
      objectId: object.id,
      type: objectTypeOf(object.kind),
      serviceName: object.name,
      serviceType: object.objectType,
      lmsId: object.lmsId,
      eventType: 'Disruption',
      title: `No data received from ${object.name} for ${noDataMinutes} minutes`,
      description: `The last data arrived at ${object.lastPushAt}. The event closes itself when data arrives again.`,
      startTime: new Date(last + limitMs).toISOString(),
      endTime: null,
      status: 'open',
      source: 'derived',
      createdAt: null,
      createdBy: null,
      changedAt: null,
      closedAt: null,
      closedBy: null,
    });
  }
  return out;
}

export const isDerivedId = (id: string): boolean => id.startsWith('no-data-');
