/** Landscape Management: the one-key "SAP Cloud ALM Service Key" slot per tenant, its Test and status. See README.md. */
export type {
  LandscapeDeps,
  LandscapeTenant,
  TenantLookup,
  KeyTester,
  TelemetryReader,
  MetricPoint,
  RotationBindings,
  RotationBindingRef,
} from './landscape.deps.js';
export type { SlotView, SlotKeyView, SlotActions, LastTest } from './slot.view.js';
export type { SlotCertificateExpiry } from './certificate-expiry.view.js';
export { DEFAULT_CERTIFICATE_EXPIRY_INTERVAL_MS, type CertificateExpirySweep } from './certificate-expiry.js';
export type { UploadInput, UploadOutcome } from './slot.service.js';
export type { KeyTestOutcome, ScheduledTestResult } from './key-test.service.js';
export type { KeyTestHistoryView, KeyTestHistoryItem } from './key-test-history.view.js';
export { createKeyTestScheduler, type KeyTestScheduler, type RetestSettings } from './key-test-schedule.js';
export type { DeletedBinding } from './btp-deletion.js';
export type { RotationAnswer, RotationService } from './rotation.service.js';
export type { RotationView, SlotRotationSummary } from './rotation.view.js';
export { DEFAULT_GRACE_SECONDS, MAX_GRACE_SECONDS } from './rotation-state.js';
export type { RotationWorker } from './rotation-worker.js';
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
export {
  createClientCallRecorder,
  KEY_TEST_MARKER_HEADER,
  type ClientCallRecorder,
  type ClientCallSink,
} from './client-calls.js';
export { CONFIRM_RECENTLY_USED } from './blast-radius.js';
export { createRecoverySweeper } from './recovery-sweep.js';
export type { BlastRadiusView, DeletedKeyView } from './blast-radius.view.js';
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
import { createRotationService } from './rotation.service.js';
import { createRotationWorker } from './rotation-worker.js';
import { createCertificateExpiryWatch } from './certificate-expiry.js';

export function createLandscape(deps: LandscapeDeps) {
  const slot = createSlotService(deps);
  const tests = createKeyTestService(deps);
  const btpDeletions = createBtpDeletionWatcher(deps);
  const managedObjects = createManagedObjectService(deps);
  const rotations = createRotationService(deps);
  // staged rotation's worker: main.ts starts and stops it (grace periods that ended, steps a stop interrupted)
  const rotationWorker = createRotationWorker({
    rotations,
    ...(deps.rotationPollMs === undefined ? {} : { pollMs: deps.rotationPollMs }),
    onError: (error) => deps.onRotationError?.(error),
  });
  // the daily certificate-expiry sweep: main.ts starts and stops it (certificate-expiry.ts)
  const certificateExpiry = createCertificateExpiryWatch(deps);
  return { slot, tests, btpDeletions, managedObjects, rotations, rotationWorker, certificateExpiry };
}

export type Landscape = ReturnType<typeof createLandscape>;
