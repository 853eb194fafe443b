/** Service status events (SAP's Business Service Management): recorded by people, derived from missing pushes. See README.md. */
export type {
  StatusEventDeps,
  StatusEventTenant,
  StatusEventTenants,
  StatusEventObject,
  StatusEventObjects,
} from './status-events.deps.js';
export { DEFAULT_NO_DATA_MINUTES } from './status-events.deps.js';
export type { StatusEventService, CreateStatusEvent, ChangeStatusEvent } from './status-events.service.js';
export type { StatusEventReader, StatusEventQuery } from './status-events.query.js';
export {
  EVENT_TYPES,
  OBJECT_TYPES,
  type EventType,
  type ObjectType,
  type StatusEventView,
} from './status-events.view.js';
export * as statusEventViews from './status-events.view.js';
export { STATUS_EVENT_ERRORS, type StatusEventErrorCode } from './errors.js';

import type { StatusEventDeps } from './status-events.deps.js';
import { createStatusEventQuery } from './status-events.query.js';
import { createStatusEventService } from './status-events.service.js';

export function createServiceStatus(deps: StatusEventDeps) {
  return { events: createStatusEventService(deps), reader: createStatusEventQuery(deps) };
}

export type ServiceStatus = ReturnType<typeof createServiceStatus>;
