/**
 * The Raw Data reads (`GET /calm-metrics/v1/metrics`, `GET /calm-logs/v1/logs`) for one principal (a client with
 * a verified token): what managed services of the principal's tenant pushed, read back.
 */
import { DomainError, invalidInput, timeWindow } from '../shared/index.js';
import type { AlmApiDeps } from './alm.deps.js';
import type { ApiPrincipal } from './bearer.js';
import { createMetricsReader } from './metrics-reader.js';
import * as repo from './telemetry.repo.js';
import { ALM_ERRORS, ALM_TIME_WINDOW_PREFIX } from './errors.js';

export interface ReadQuery {
  readonly serviceId?: string;
  readonly period?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
}

export function createRawReads(deps: AlmApiDeps) {
  const { db, clock, registry, limits } = deps;
  const metricsReader = createMetricsReader(deps);
  const limitOf = (query: ReadQuery) => Math.min(query.limit ?? limits.maxReadRows, limits.maxReadRows);

  async function target(principal: ApiPrincipal, serviceId: string | undefined) {
    if (!serviceId)
      throw invalidInput(
        ALM_ERRORS.service_id_missing,
        'The query parameter serviceId is required: the id of the managed service or system in Landscape Management.',
        [{ path: 'serviceId', message: 'required' }],
      );
    const service = await registry.findService(principal.tenantId, serviceId);
    if (!service)
      throw new DomainError(
        'not_found',
        ALM_ERRORS.service_not_found,
        `No managed service or system "${serviceId}" in this tenant's Landscape Management.`,
      );
    return service;
  }

  return {
    async readMetrics(principal: ApiPrincipal, query: ReadQuery & { metrics?: string }) {
      const service = await target(principal, query.serviceId);
      const metrics = query.metrics
        ? query.metrics
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean)
        : undefined;
      const range = timeWindow(query, clock.now(), ALM_TIME_WINDOW_PREFIX);
      const points = await metricsReader.readMetrics(principal.tenantId, service.id, {
        ...range,
        limit: limitOf(query),
        ...(metrics ? { metrics } : {}),
      });
      return { serviceId: service.id, ...range, points };
    },

    async readLogs(principal: ApiPrincipal, query: ReadQuery & { useCase?: string }) {
      const service = await target(principal, query.serviceId);
      const range = timeWindow(query, clock.now(), ALM_TIME_WINDOW_PREFIX);
      const rows = await repo.queryLogs(db, principal.tenantId, {
        serviceId: service.id,
        ...range,
        limit: limitOf(query),
        ...(query.useCase ? { useCase: query.useCase } : {}),
      });
      return {
        serviceId: service.id,
        ...range,
        records: rows.map((r) => ({
          useCase: r.use_case,
          time: r.time,
          severity: r.severity,
          body: r.body,
          attributes: JSON.parse(r.attributes) as unknown,
        })),
      };
    },
  };
}

export type RawReads = ReturnType<typeof createRawReads>;
