/**
 * Ingest and read-back of pushed metrics and logs, for one principal (a client with a verified token) at a
 * time. The target is a managed service or system of the principal's tenant whose monitoring is enabled;
 * its observed use (last push, client id) is recorded after the write commits.
 */
import { DomainError, invalidInput, timeWindow } from '../shared/index.js';
import { withTx } from '../store/index.js';
import type { AlmApiDeps } from './alm.deps.js';
import type { ApiPrincipal } from './bearer.js';
import { createMetricsReader } from './metrics-reader.js';
import { parseLogsRequest } from './otlp-logs.js';
import { parseMetricsRequest } from './otlp-metrics.js';
import * as repo from './telemetry.repo.js';
import { ALM_ERRORS, ALM_TIME_WINDOW_PREFIX } from './errors.js';

export interface ReadQuery {
  readonly serviceId?: string;
  readonly period?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
}

export function createTelemetryService(deps: AlmApiDeps) {
  const { db, clock, registry, limits } = deps;

  async function target(principal: ApiPrincipal, serviceId: string | undefined, forWrite: boolean) {
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
    if (forWrite && !service.monitoringEnabled) {
      throw new DomainError(
        'conflict',
        ALM_ERRORS.monitoring_disabled,
        `Monitoring is not enabled for "${service.name}": enable it in Landscape Management before pushing data.`,
      );
    }
    return service;
  }

  const metricsReader = createMetricsReader(deps);
  const limitOf = (query: ReadQuery) => Math.min(query.limit ?? limits.maxReadRows, limits.maxReadRows);

  return {
    async pushMetrics(
      principal: ApiPrincipal,
      serviceId: string | undefined,
      body: unknown,
    ): Promise<{ accepted: number }> {
      const service = await target(principal, serviceId, true);
      const receivedAt = clock.now().toISOString();
      const points = parseMetricsRequest(body, { now: clock.now(), maxPoints: limits.maxItemsPerRequest });
      await withTx(db, (tx) =>
        repo.insertPoints(
          tx,
          points.map((p) => ({
            tenant_id: principal.tenantId,
            service_id: service.id,
            name: p.name,
            unit: p.unit,
            kind: p.kind,
            time: p.time,
            value: p.value,
            count: p.count,
            attributes: JSON.stringify(p.attributes),
            received_at: receivedAt,
          })),
        ),
      );
      await registry.recordPush(principal.tenantId, service.id, principal.clientId);
      return { accepted: points.length };
    },

    async readMetrics(principal: ApiPrincipal, query: ReadQuery & { metrics?: string }) {
      const service = await target(principal, query.serviceId, false);
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

    async pushLogs(
      principal: ApiPrincipal,
      serviceId: string | undefined,
      useCase: string | undefined,
      body: unknown,
    ): Promise<{ accepted: number }> {
      if (!useCase)
        throw invalidInput(
          ALM_ERRORS.use_case_missing,
          'The query parameter useCase is required (e.g. HEALTH_MONITORING).',
          [{ path: 'useCase', message: 'required' }],
        );
      const service = await target(principal, serviceId, true);
      const receivedAt = clock.now().toISOString();
      const records = parseLogsRequest(body, { now: clock.now(), maxRecords: limits.maxItemsPerRequest });
      await withTx(db, (tx) =>
        repo.insertLogs(
          tx,
          records.map((r) => ({
            tenant_id: principal.tenantId,
            service_id: service.id,
            use_case: useCase,
            time: r.time,
            severity: r.severity,
            body: r.body,
            attributes: JSON.stringify(r.attributes),
            received_at: receivedAt,
          })),
        ),
      );
      await registry.recordPush(principal.tenantId, service.id, principal.clientId);
      return { accepted: records.length };
    },

    async readLogs(principal: ApiPrincipal, query: ReadQuery & { useCase?: string }) {
      const service = await target(principal, query.serviceId, false);
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

export type TelemetryService = ReturnType<typeof createTelemetryService>;
