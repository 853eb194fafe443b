/** The Cloud ALM API under `/api`: bearer verification, scopes, metrics/logs ingest and read, registration. See README.md. */
export type { AlmApiDeps, AlmTenantLookup, ManagedServiceRegistry, AlmLimits } from './alm.deps.js';
export type { AlmLandscapeObject, AlmStatusEvent, StatusEventSource } from './alm.deps.js';
export type { LandscapeRead, LandscapeQuery, EventsQuery } from './landscape-read.js';
export { OBJECT_FILTERS, MAX_PAGE } from './landscape-read.js';
export * as landscapeApiViews from './landscape.view.js';
export { DEFAULT_ALM_LIMITS } from './alm.deps.js';
export { fullScope, type ApiScope, type ApiPrincipal, type BearerAuth } from './bearer.js';
export type { TelemetryService } from './telemetry.service.js';
export type { RawReads, RawAnswer } from './raw-reads.js';
export { logsReadScopes } from './raw-reads.js';
export { createRetentionSweeper } from './retention.js';
export { createMetricsReader, type MetricsReader, type MetricsQuery } from './metrics-reader.js';
export * as almViews from './alm.view.js';
export { encodeLogsResponse, encodeMetricsResponse, type OtlpPayload } from './otlp-protobuf.js';
export type { PushOutcome } from './telemetry.service.js';

import type { AlmApiDeps } from './alm.deps.js';
import { createBearerAuth } from './bearer.js';
import { createLandscapeRead } from './landscape-read.js';
import { createRawReads } from './raw-reads.js';
import { createRegistrationService } from './registration.service.js';
import { createTelemetryService } from './telemetry.service.js';

export function createAlmApi(deps: AlmApiDeps) {
  return {
    authenticate: createBearerAuth(deps),
    telemetry: createTelemetryService(deps),
    rawReads: createRawReads(deps),
    registration: createRegistrationService(deps),
    landscape: createLandscapeRead(deps),
  };
}

export type AlmApi = ReturnType<typeof createAlmApi>;
export { ALM_ERRORS, type AlmErrorCode } from './errors.js';
