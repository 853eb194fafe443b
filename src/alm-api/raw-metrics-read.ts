/**
 * `GET /calm-metrics/v1/metrics`, SAP's outbound metrics read, answered from what was pushed: provider `hm` is
 * the health-monitoring data managed services push with their key, over every managed object of the token's
 * tenant (or the one `serviceId`, the `serviceType` ones); every other provider of SAP's list holds nothing here
 * and answers an empty result in the asked format. alm-api/README.md, "Raw Data reads", has the contract.
 */
import { DomainError } from '../shared/index.js';
import type { AlmApiDeps } from './alm.deps.js';
import type { ApiPrincipal } from './bearer.js';
import { ALM_ERRORS } from './errors.js';
import { createMetricsReader } from './metrics-reader.js';
import { encodeMetricsRequest } from './otlp-encode.js';
import { PROMETHEUS_CONTENT_TYPE, prometheusText, refuseClashes } from './prometheus-text.js';
import { aggregate, type Row, type StoredPoint } from './raw-metrics-aggregate.js';
import { metricsRequestJson } from './raw-metrics-otlp.js';
import { parseMetricsQuery, type MetricsRequest, type RawMetricsQuery } from './raw-metrics-query.js';
import { metricsWindow, type TimeRange } from './sap-period.js';
import * as repo from './telemetry.repo.js';

/** What a read answers: the body in its media type. */
export interface RawAnswer {
  readonly contentType: string;
  readonly body: string | Buffer | object;
}

/** Points one read aggregates at most; a window holding more is "over the limit" unless truncated. */
export const MAX_SCANNED_POINTS = 100_000;

const parse = (text: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

/** SAP's text for a result larger than the limit (the live logs API answers it; README "Raw Data reads"). */
export function overLimit(count: number, limit: number, what: string): DomainError {
  return new DomainError(
    'forbidden',
    ALM_ERRORS.over_limit,
    `Response total count is over the limit: ${count} ${what}, limit ${limit}. Send onLimit=truncate to get the first ${limit}, or ask for less (a shorter period, a serviceId).`,
  );
}

export function createRawMetricsRead(deps: AlmApiDeps) {
  const { db, clock, registry, limits } = deps;
  const metricsReader = createMetricsReader(deps);

  async function service(principal: ApiPrincipal, serviceId: string) {
    const found = await registry.findService(principal.tenantId, serviceId);
    if (!found)
      throw new DomainError(
        'not_found',
        ALM_ERRORS.service_not_found,
        `No managed service or system "${serviceId}" in this tenant's Landscape Management.`,
      );
    return found;
  }

  /** calm-keys' own JSON list of one service's points (`format=calm-keys-json`), as the read answered before. */
  async function legacy(principal: ApiPrincipal, request: MetricsRequest, window: TimeRange): Promise<RawAnswer> {
    if (!request.serviceId)
      throw new DomainError(
        'invalid_input',
        ALM_ERRORS.service_id_missing,
        'format=calm-keys-json reads one service: the query parameter serviceId is required.',
        { details: [{ path: 'serviceId', message: 'required' }] },
      );
    const found = await service(principal, request.serviceId);
    const range = { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() };
    const points = await metricsReader.readMetrics(principal.tenantId, found.id, {
      ...range,
      limit: Math.min(request.limit ?? limits.maxReadRows, limits.maxReadRows),
      ...(request.metricNames ? { metrics: request.metricNames } : {}),
    });
    return { contentType: 'application/json', body: { serviceId: found.id, ...range, points } };
  }

  async function pushedPoints(principal: ApiPrincipal, request: MetricsRequest, window: TimeRange) {
    const rows = await repo.queryTenantPoints(db, principal.tenantId, {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      ...(request.serviceId ? { serviceId: request.serviceId } : {}),
      ...(request.serviceType ? { serviceType: request.serviceType } : {}),
      ...(request.metricNames ? { names: request.metricNames } : {}),
      max: MAX_SCANNED_POINTS + 1,
    });
    if (rows.length > MAX_SCANNED_POINTS && !request.truncate)
      throw overLimit(rows.length, MAX_SCANNED_POINTS, 'points or more in the window');
    return rows.slice(0, MAX_SCANNED_POINTS).map((r): StoredPoint => ({
      serviceId: r.service_id,
      serviceName: r.service_name,
      serviceType: r.service_type,
      name: r.name,
      unit: r.unit,
      kind: r.kind,
      time: Date.parse(r.time),
      value: r.value,
      count: r.count,
      attributes: parse(r.attributes),
      resource: parse(r.resource),
      detail: parse(r.detail),
    }));
  }

  function answer(rows: readonly Row[], request: MetricsRequest): RawAnswer {
    const options = {
      prefix: request.prefix,
      measures: request.measures,
      preserveTimeStamp: request.preserveTimeStamp,
    };
    switch (request.format) {
      case 'text':
        return { contentType: PROMETHEUS_CONTENT_TYPE, body: prometheusText(rows, options) };
      case 'protobuf-binary':
        return { contentType: 'application/x-protobuf', body: encodeMetricsRequest(metricsRequestJson(rows, options)) };
      default:
        return { contentType: 'application/json', body: metricsRequestJson(rows, options) };
    }
  }

  return async function readMetrics(principal: ApiPrincipal, query: RawMetricsQuery): Promise<RawAnswer> {
    const request = parseMetricsQuery(query);
    const window = metricsWindow(query, clock.now().getTime());
    if (request.format === 'calm-keys-json') return legacy(principal, request, window);
    // before any data is read: the same 400 whether the window holds points or not
    if (request.format === 'text') refuseClashes(request.dimensions);
    if (request.serviceId) await service(principal, request.serviceId);
    // only hm holds data here: what managed services push; SAP's other providers answer an empty result
    const points = request.provider === 'hm' ? await pushedPoints(principal, request, window) : [];
    const rows = aggregate(points, { window, ...request }).slice(request.offset);
    const limit = Math.min(request.limit ?? limits.maxReadRows, limits.maxReadRows);
    if (rows.length > limit && !request.truncate) throw overLimit(rows.length, limit, 'rows');
    return answer(rows.slice(0, limit), request);
  };
}

export type RawMetricsRead = ReturnType<typeof createRawMetricsRead>;
