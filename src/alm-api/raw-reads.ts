/**
 * The Raw Data reads (`GET /calm-metrics/v1/metrics`, `GET /calm-logs/v1/logs`) for one principal (a client with
 * a verified token): what the managed services of the principal's tenant pushed, answered as SAP's live tenants
 * answer (raw-metrics-read.ts, raw-logs-read.ts; alm-api/README.md, "Raw Data reads").
 */
import type { AlmApiDeps } from './alm.deps.js';
import { createRawLogsRead } from './raw-logs-read.js';
import { createRawMetricsRead } from './raw-metrics-read.js';

export { logsReadScopes, LOGS_PROVIDERS } from './raw-logs-read.js';
export { METRICS_PROVIDERS, METRICS_FORMATS } from './raw-metrics-query.js';
export type { RawAnswer } from './raw-metrics-read.js';

export function createRawReads(deps: AlmApiDeps) {
  return { readMetrics: createRawMetricsRead(deps), readLogs: createRawLogsRead(deps) };
}

export type RawReads = ReturnType<typeof createRawReads>;
