/**
 * The points one managed service pushed in a window, for a reader that has authorized the person already: the
 * Cloud ALM API's own read (`telemetry.service.ts`, after its bearer and scope checks) and Landscape Management's
 * metrics chart (its TelemetryReader port, wired in main.ts). The caller names the tenant; the limit is capped
 * here too. It needs the database and the limits only, so main.ts builds it before Landscape Management, whose
 * managed-object registry the rest of the API needs in turn.
 */
import type { AlmApiDeps } from './alm.deps.js';
import * as repo from './telemetry.repo.js';

export interface MetricsQuery {
  readonly from: string;
  readonly to: string;
  readonly metrics?: readonly string[];
  readonly limit: number;
}

export function createMetricsReader(deps: Pick<AlmApiDeps, 'db' | 'limits'>) {
  return {
    async readMetrics(tenantId: string, serviceId: string, query: MetricsQuery) {
      const rows = await repo.queryPoints(deps.db, tenantId, {
        serviceId,
        from: query.from,
        to: query.to,
        limit: Math.min(query.limit, deps.limits.maxReadRows),
        ...(query.metrics ? { metrics: query.metrics } : {}),
      });
      return rows.map((r) => ({
        name: r.name,
        unit: r.unit,
        kind: r.kind,
        time: r.time,
        value: r.value,
        ...(r.count === null ? {} : { count: r.count }),
        // from migration 010 on the resource is kept apart; this answer merges it back, point attributes winning
        attributes: { ...(JSON.parse(r.resource) as object), ...(JSON.parse(r.attributes) as object) },
      }));
    },
  };
}

export type MetricsReader = ReturnType<typeof createMetricsReader>;
