/**
 * Ingest of pushed metrics and logs, for one principal (a client with a verified token) at a time (the Raw
 * Data reads are raw-reads.ts). The target is a managed service or system of the principal's tenant whose monitoring is enabled;
 * its observed use (last push, client id) is recorded after the write commits.
 *
 * Writes go through a commit group (store/commit-group.ts): the pushes that arrive together share one
 * transaction, and each is answered only after that commit, so an acknowledged point is a stored point. A push
 * whose rows fail is retried alone by the group and fails alone.
 */
import { DomainError, invalidInput } from '../shared/index.js';
import { createCommitGroup } from '../store/index.js';
import type { AlmApiDeps } from './alm.deps.js';
import type { ApiPrincipal } from './bearer.js';
import type { Rejection } from './otlp-common.js';
import { parseLogsRequest } from './otlp-logs.js';
import { parseMetricsRequest } from './otlp-metrics.js';
import { boundedRequest } from './otlp-budget.js';
import type { OtlpPayload } from './otlp-protobuf.js';
import * as repo from './telemetry.repo.js';
import { ALM_ERRORS } from './errors.js';

/** What a push stored, and what it left out (an OTLP partial success) when anything. */
export interface PushOutcome {
  readonly accepted: number;
  readonly rejection: Rejection | undefined;
}

/**
 * JSON text of values that many rows share: the parsers give every point of a resource (or scope) the same
 * object, so it is written once per request rather than once per point.
 */
function sharedJson(): (value: object) => string {
  const written = new Map<object, string>();
  return (value) => {
    let text = written.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      written.set(value, text);
    }
    return text;
  };
}

export function createTelemetryService(deps: AlmApiDeps) {
  const { db, clock, registry, limits } = deps;
  const writes = createCommitGroup(db);

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
    if (!service.monitoringEnabled) {
      throw new DomainError(
        'conflict',
        ALM_ERRORS.monitoring_disabled,
        `Monitoring is not enabled for "${service.name}": enable it in Landscape Management before pushing data.`,
      );
    }
    return service;
  }

  return {
    /** Stores the points of an OTLP request (JSON or protobuf); non-finite points are left out (`rejection`). */
    async pushMetrics(
      principal: ApiPrincipal,
      serviceId: string | undefined,
      payload: OtlpPayload,
    ): Promise<PushOutcome> {
      const service = await target(principal, serviceId);
      const receivedAt = clock.now().toISOString();
      const request = boundedRequest(payload, 'metrics');
      const { points, rejection } = parseMetricsRequest(request, {
        now: clock.now(),
        maxPoints: limits.maxItemsPerRequest,
      });
      const json = sharedJson();
      const rows: repo.PointRow[] = points.map((p) => ({
        tenant_id: principal.tenantId,
        service_id: service.id,
        name: p.name,
        unit: p.unit,
        kind: p.kind,
        time: p.time,
        value: p.value,
        count: p.count,
        attributes: JSON.stringify(p.attributes),
        resource: json(p.resource),
        scope: json(p.scope),
        detail: JSON.stringify(p.detail),
        received_at: receivedAt,
      }));
      if (rows.length > 0) await writes.run((tx) => repo.insertPoints(tx, rows));
      await registry.recordPush(principal.tenantId, service.id, principal.clientId);
      return { accepted: points.length, rejection };
    },

    /** Stores the records of an OTLP request (JSON or protobuf); records with non-finite doubles are left out. */
    async pushLogs(
      principal: ApiPrincipal,
      serviceId: string | undefined,
      useCase: string | undefined,
      payload: OtlpPayload,
    ): Promise<PushOutcome> {
      if (!useCase)
        throw invalidInput(
          ALM_ERRORS.use_case_missing,
          'The query parameter useCase is required (e.g. HEALTH_MONITORING).',
          [{ path: 'useCase', message: 'required' }],
        );
      const service = await target(principal, serviceId);
      const receivedAt = clock.now().toISOString();
      const request = boundedRequest(payload, 'logs');
      const { records, rejection } = parseLogsRequest(request, {
        now: clock.now(),
        maxRecords: limits.maxItemsPerRequest,
      });
      const json = sharedJson();
      const rows: repo.LogRow[] = records.map((r) => ({
        tenant_id: principal.tenantId,
        service_id: service.id,
        use_case: useCase,
        time: r.time,
        severity: r.severity,
        body: r.body,
        attributes: JSON.stringify(r.attributes),
        resource: json(r.resource),
        scope: json(r.scope),
        detail: JSON.stringify(r.detail),
        received_at: receivedAt,
      }));
      if (rows.length > 0) await writes.run((tx) => repo.insertLogs(tx, rows));
      await registry.recordPush(principal.tenantId, service.id, principal.clientId);
      return { accepted: records.length, rejection };
    },
  };
}

export type TelemetryService = ReturnType<typeof createTelemetryService>;
