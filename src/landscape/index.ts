/** Landscape Management: the one-key "SAP Cloud ALM Service Key" slot per tenant, its Test and status. See README.md. */
export type {
  LandscapeDeps,
  LandscapeTenant,
  TenantLookup,
  KeyTester,
  TelemetryReader,
  MetricPoint,
} from './landscape.deps.js';
export type { SlotView, SlotKeyView, SlotActions, LastTest } from './slot.view.js';
export type { UploadInput, UploadOutcome } from './slot.service.js';
export type { KeyTestOutcome } from './key-test.service.js';
export type { DeletedBinding } from './btp-deletion.js';
export {
  createLandscapeEventBus,
  landscapeEventTopic,
  LANDSCAPE_EVENT_NAMES,
  type LandscapeEventBus,
  type LandscapeEventName,
  type LandscapeEvents,
  type LandscapeEventInput,
} from './lm.events.js';
export { KEY_STATUSES, type KeyStatus } from './status.js';
export { createKeyTester, type KeyTesterSettings } from './key-tester.js';
export type {
  ManagedObjectView,
  ManagedObjectKind,
  ManagedObjectRegistry,
  ManagedObjectMetrics,
} from './managed-objects.service.js';
export { MAX_METRIC_POINTS } from './managed-objects.service.js';
export type { LandscapeObjectRecord } from './landscape-objects.js';
export { LANDSCAPE_ERRORS, METRICS_ERROR_PREFIX, type LandscapeErrorCode } from './errors.js';
export * as landscapeViews from './views.js';

import { createBtpDeletionWatcher } from './btp-deletion.js';
import { createKeyTestService } from './key-test.service.js';
import type { LandscapeDeps } from './landscape.deps.js';
import { createManagedObjectService } from './managed-objects.service.js';
import { createSlotService } from './slot.service.js';

export function createLandscape(deps: LandscapeDeps) {
  const slot = createSlotService(deps);
  const tests = createKeyTestService(deps);
  const btpDeletions = createBtpDeletionWatcher(deps);
  const managedObjects = createManagedObjectService(deps);
  return { slot, tests, btpDeletions, managedObjects };
}

export type Landscape = ReturnType<typeof createLandscape>;
