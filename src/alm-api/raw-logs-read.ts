/**
 * `GET /calm-logs/v1/logs`, SAP's outbound logs read, with the rules live tenants apply (fr0ster/mcp-calm-server
 * `CLAUDE.md` and mcp-calm-client `CHANGELOG.md` 0.4.1-0.5.0, probed on eu10-004): `provider` and a plain
 * `serviceId` are required (428), `period` is `<n>M` up to 60, `from`/`to` are `YYYYMMDDHHmmss`, a result larger
 * than the limit is 403 unless `onLimit=truncate`, `$top`/`top`/`pageSize`/`page` are unknown filters, and the
 * answer is binary OTLP protobuf unless `format=protobuf-json`. alm-api/README.md, "Raw Data reads".
 */
import { DomainError, invalidInput } from '../shared/index.js';
import type { AlmApiDeps } from './alm.deps.js';
import type { ApiPrincipal, ApiScope } from './bearer.js';
import { ALM_ERRORS } from './errors.js';
import { encodeLogsRequest } from './otlp-encode.js';
import { logsRequestJson } from './raw-logs-otlp.js';
import { overLimit, type RawAnswer } from './raw-metrics-read.js';
import { badParameter } from './raw-metrics-query.js';
import { logsWindow } from './sap-period.js';
import * as repo from './telemetry.repo.js';

/** SAP's log providers (the API Guide's "Raw Data Outbound Logs API" page), and `hm` that SAP's Postman collection reads. */
export const LOGS_PROVIDERS = [
  'hm',
  'exm.im',
  'exm.jam',
  'bsm',
  'im',
  'iep',
  'jam.def',
  'jam.run',
  'jam.run_step',
] as const;
export type LogsProvider = (typeof LOGS_PROVIDERS)[number];

/** Paging parameters of other APIs that the live logs read refuses with 400 "Unknown filter". */
const UNKNOWN_FILTERS = ['$top', 'top', 'pageSize', 'page'] as const;

/** Records one read looks at most (a 60-minute window of one service); more is "over the limit" unless truncated. */
export const MAX_SCANNED_RECORDS = 50_000;

/**
 * The scopes a logs read needs: `logs.read` (calm-keys' name for the Raw Data Logs API, as `metrics.read` is SAP's
 * for the metrics one) and the RAW Outbound scope of the provider's area in SAP's API Scopes table.
 */
export function logsReadScopes(provider: unknown): ApiScope[] {
  const name = typeof provider === 'string' ? provider.toLowerCase() : '';
  if (name === 'hm') return ['logs.read', 'hm.read'];
  if (name.startsWith('exm.')) return ['logs.read', 'exm.read'];
  if (name === 'bsm') return ['logs.read', 'bsm.read'];
  if (name === 'im' || name === 'iep') return ['logs.read', 'integration-monitoring.read'];
  return ['logs.read'];
}

export type RawLogsQuery = Readonly<Record<string, string | undefined>>;

const required = (name: string, hint?: string) =>
  new DomainError(
    'precondition_required',
    ALM_ERRORS.precondition_required,
    `PRECONDITION_REQUIRED - A required parameter is missing : ${name}`,
    { details: [{ path: name, message: hint ?? 'required' }] },
  );

function integer(text: string | undefined, path: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min)
    throw badParameter(path, `${path} is an integer of at least ${min}.`, `expected an integer >= ${min}`);
  return Number(text);
}

/** The query, checked in the order the live API answers: 428 for what is missing, then 400s. */
function parseLogsQuery(q: RawLogsQuery) {
  if (!q.provider) throw required('provider');
  if (!q.serviceId)
    throw required(
      'serviceId',
      q['logsFilters[serviceId]'] === undefined
        ? 'required'
        : 'send serviceId as a plain parameter, not logsFilters[serviceId]',
    );
  const unknown = UNKNOWN_FILTERS.find((name) => q[name] !== undefined);
  if (unknown)
    throw invalidInput(ALM_ERRORS.unknown_filter, `Unknown filter : ${unknown}`, [
      { path: unknown, message: 'page with limit, offset and onLimit=truncate' },
    ]);
  const provider = LOGS_PROVIDERS.find((p) => p === q.provider!.toLowerCase());
  if (!provider)
    throw invalidInput(
      ALM_ERRORS.unknown_provider,
      `Unknown provider "${q.provider}": one of ${LOGS_PROVIDERS.join(', ')}.`,
      [{ path: 'provider', message: 'unknown provider' }],
    );
  if (q.version !== undefined && q.version.toUpperCase() !== 'V1')
    throw badParameter('version', 'version is V1.', 'expected V1');
  if (q.onLimit !== undefined && q.onLimit.toLowerCase() !== 'truncate')
    throw badParameter('onLimit', 'onLimit is truncate.', 'expected truncate');
  const limit = integer(q.limit, 'limit', 1);
  return {
    provider,
    serviceId: q.serviceId,
    // live: only protobuf-json switches to JSON; any other value (or none) answers protobuf
    json: q.format?.toLowerCase() === 'protobuf-json',
    ...(q.category ? { category: q.category } : {}),
    ...(limit === undefined ? {} : { limit }),
    offset: integer(q.offset, 'offset', 0) ?? 0,
    truncate: q.onLimit !== undefined,
  };
}

/** The record's `category` attribute (record first, then resource), which the `category` filter compares. */
function categoryOf(row: { attributes: string; resource: string }): unknown {
  const record = JSON.parse(row.attributes) as Record<string, unknown>;
  return record.category ?? (JSON.parse(row.resource) as Record<string, unknown>).category;
}

export function createRawLogsRead(deps: AlmApiDeps) {
  const { db, clock, registry, limits } = deps;

  return async function readLogs(principal: ApiPrincipal, query: RawLogsQuery): Promise<RawAnswer> {
    const request = parseLogsQuery(query);
    const window = logsWindow(query, clock.now().getTime());
    const service = await registry.findService(principal.tenantId, request.serviceId);
    if (!service)
      throw new DomainError(
        'not_found',
        ALM_ERRORS.service_not_found,
        `No managed service or system "${request.serviceId}" in this tenant's Landscape Management.`,
      );
    // hm: everything pushed to the service; SAP's other providers: what was pushed with that name as useCase
    const found = await repo.queryServiceLogs(db, principal.tenantId, {
      serviceId: service.id,
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      ...(request.provider === 'hm' ? {} : { useCases: [request.provider] }),
      max: MAX_SCANNED_RECORDS + 1,
    });
    if (found.length > MAX_SCANNED_RECORDS && !request.truncate)
      throw overLimit(found.length, MAX_SCANNED_RECORDS, 'records or more in the window');
    const matching = found
      .slice(0, MAX_SCANNED_RECORDS)
      .filter((row) => request.category === undefined || categoryOf(row) === request.category)
      .slice(request.offset);
    const limit = Math.min(request.limit ?? limits.maxReadRows, limits.maxReadRows);
    if (matching.length > limit && !request.truncate) throw overLimit(matching.length, limit, 'records');
    const body = logsRequestJson(matching.slice(0, limit));
    return request.json
      ? { contentType: 'application/json', body }
      : { contentType: 'application/x-protobuf', body: encodeLogsRequest(body) };
  };
}

export type RawLogsRead = ReturnType<typeof createRawLogsRead>;
