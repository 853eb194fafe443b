/**
 * OTLP metrics (ExportMetricsServiceRequest) in the OTLP/HTTP JSON shape, as the JSON exporters send it and
 * otlp-protobuf.ts decodes binary requests into: gauge, sum and histogram data points become rows with their
 * resource, scope and detail (the storage agreed in migration 010). Anything else (exponential histograms,
 * summaries) is refused with a message naming the metric, rather than dropped silently. A point whose value is
 * NaN or infinite is left out alone, an OTLP partial success; every other problem refuses the request.
 */
import { z } from 'zod';
import { DomainError, type Problem } from '../shared/index.js';
import {
  attributeObject,
  attributes,
  double,
  int64,
  isoFromNanos,
  isProblem,
  isZero,
  nanos,
  nanoString,
  parseOtlp,
  refuseProblems,
  rejectionOf,
  type Rejection,
  MAX_ITEMS_PER_CONTAINER,
  MAX_RESOURCES,
  MAX_SCOPES_PER_RESOURCE,
} from './otlp-common.js';
import { ALM_ERRORS } from './errors.js';
import { isPlainMetricsRequest } from './otlp-fast-path.js';

const pointBase = {
  attributes: attributes.optional(),
  startTimeUnixNano: nanos.optional(),
  timeUnixNano: nanos,
  flags: z.number().int().min(0).optional(),
};

const numberPoint = z
  .object({ ...pointBase, asDouble: double.optional(), asInt: int64.optional() })
  .refine((p) => p.asDouble !== undefined || p.asInt !== undefined, {
    message: 'a data point needs asDouble or asInt',
    path: ['asDouble'],
  });

const histogramPoint = z.object({
  ...pointBase,
  count: int64,
  sum: double.optional(),
  bucketCounts: z.array(int64).max(512).optional(),
  explicitBounds: z.array(z.number()).max(511).optional(),
  min: double.optional(),
  max: double.optional(),
});

/** OTLP JSON writes enums as numbers (1 delta, 2 cumulative); proto3 JSON elsewhere also knows the names. */
const temporality = z.union([z.number().int(), z.string().max(64)]).optional();

const metric = z.object({
  name: z.string().min(1).max(255),
  description: z.string().max(1024).optional(),
  unit: z.string().max(63).optional(),
  gauge: z.object({ dataPoints: z.array(numberPoint).max(MAX_ITEMS_PER_CONTAINER) }).optional(),
  sum: z
    .object({
      dataPoints: z.array(numberPoint).max(MAX_ITEMS_PER_CONTAINER),
      aggregationTemporality: temporality,
      isMonotonic: z.boolean().optional(),
    })
    .optional(),
  histogram: z
    .object({ dataPoints: z.array(histogramPoint).max(MAX_ITEMS_PER_CONTAINER), aggregationTemporality: temporality })
    .optional(),
  exponentialHistogram: z.unknown().optional(),
  summary: z.unknown().optional(),
});

/** A request without resourceMetrics is empty, and OTLP answers an empty request with success. */
export const metricsRequest = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource: z.object({ attributes: attributes.optional() }).optional(),
        scopeMetrics: z
          .array(
            z.object({
              scope: z
                .object({ name: z.string().max(255).optional(), version: z.string().max(64).optional() })
                .optional(),
              metrics: z.array(metric).max(MAX_ITEMS_PER_CONTAINER).optional(),
            }),
          )
          .max(MAX_SCOPES_PER_RESOURCE)
          .optional(),
      }),
    )
    .max(MAX_RESOURCES)
    .optional(),
});

/** What OTLP says of a point beyond its value (the `detail` column; keys only where they apply). */
export interface MetricDetail {
  readonly description?: string;
  readonly timeUnixNano: string;
  readonly startTimeUnixNano?: string;
  readonly temporality?: 'delta' | 'cumulative';
  readonly monotonic?: boolean;
  readonly bucketCounts?: number[];
  readonly explicitBounds?: number[];
  readonly min?: number;
  readonly max?: number;
  readonly flags?: number;
}

export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly kind: 'gauge' | 'sum' | 'histogram';
  readonly time: string;
  /** gauge or sum value; a histogram's sum (0 when absent). */
  readonly value: number;
  /** a histogram's count; null otherwise. */
  readonly count: number | null;
  /** The point's own attributes (the resource's are in `resource`). */
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
  readonly scope: { readonly name?: string; readonly version?: string };
  readonly detail: MetricDetail;
}

export interface ParsedMetrics {
  readonly points: MetricPoint[];
  /** Points left out (non-finite values); undefined when all were kept. */
  readonly rejection: Rejection | undefined;
}

type Metric = z.infer<typeof metric>;
type NumberPoint = z.infer<typeof numberPoint>;
type HistogramPoint = z.infer<typeof histogramPoint>;

function temporalityOf(value: number | string | undefined): MetricDetail['temporality'] {
  if (value === 1 || value === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (value === 2 || value === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative';
  return undefined;
}

function refusedKind(m: Metric): string {
  const other = m.exponentialHistogram !== undefined ? 'an exponentialHistogram' : m.summary ? 'a summary' : undefined;
  return other
    ? `metric "${m.name}" is ${other}; only gauge, sum and histogram are accepted`
    : `metric "${m.name}" needs exactly one of gauge, sum, histogram`;
}

/** The detail every kind shares, from the metric and the point. */
function commonDetail(m: Metric, kind: MetricPoint['kind'], p: NumberPoint | HistogramPoint): MetricDetail {
  const stream = kind === 'sum' ? m.sum : kind === 'histogram' ? m.histogram : undefined;
  const temporality = temporalityOf(stream?.aggregationTemporality);
  return {
    ...(m.description ? { description: m.description } : {}),
    timeUnixNano: nanoString(p.timeUnixNano),
    ...(p.startTimeUnixNano !== undefined && !isZero(p.startTimeUnixNano)
      ? { startTimeUnixNano: nanoString(p.startTimeUnixNano) }
      : {}),
    ...(temporality ? { temporality } : {}),
    // proto3: an absent bool is false (binary protobuf leaves false off the wire, JSON exporters write it)
    ...(kind === 'sum' ? { monotonic: m.sum?.isMonotonic ?? false } : {}),
    ...(p.flags ? { flags: p.flags } : {}),
  };
}

/** Value, count and histogram detail of a point, or the field that is not finite. */
function measure(
  p: NumberPoint | HistogramPoint,
): { value: number; count: number | null; extra: Partial<MetricDetail> } | { nonFinite: string } {
  if (!('count' in p)) {
    const value = Number(p.asDouble ?? p.asInt);
    return Number.isFinite(value) ? { value, count: null, extra: {} } : { nonFinite: 'asDouble' };
  }
  const doubles = { sum: p.sum, min: p.min, max: p.max };
  for (const [field, v] of Object.entries(doubles))
    if (v !== undefined && !Number.isFinite(Number(v))) return { nonFinite: field };
  return {
    value: Number(p.sum ?? 0),
    count: Number(p.count),
    extra: {
      ...(p.bucketCounts ? { bucketCounts: p.bucketCounts.map(Number) } : {}),
      ...(p.explicitBounds ? { explicitBounds: p.explicitBounds } : {}),
      ...(p.min !== undefined ? { min: Number(p.min) } : {}),
      ...(p.max !== undefined ? { max: Number(p.max) } : {}),
    },
  };
}

/** A histogram's buckets: one more count than bounds (OTLP), when buckets are sent at all. */
function bucketProblem(p: HistogramPoint, at: string): Problem | undefined {
  const counts = p.bucketCounts?.length ?? 0;
  const bounds = p.explicitBounds?.length ?? 0;
  if (counts === 0 || counts === bounds + 1) return undefined;
  return { path: `${at}.bucketCounts`, message: `expected ${bounds + 1} bucket counts for ${bounds} explicit bounds` };
}

/** Validates and flattens a request; throws 400 with JSON paths, or 413 above `maxPoints`. */
export function parseMetricsRequest(body: unknown, options: { now: Date; maxPoints: number }): ParsedMetrics {
  // the common request skips zod (otlp-fast-path.ts); any other goes through it, and so does every refusal
  const request = isPlainMetricsRequest(body)
    ? (body as z.output<typeof metricsRequest>)
    : parseOtlp(metricsRequest, body, 'metrics');
  const points: MetricPoint[] = [];
  const problems: Problem[] = [];
  const nonFinite: string[] = [];
  let seen = 0;
  (request.resourceMetrics ?? []).forEach((rm, r) => {
    const resource = attributeObject(rm.resource?.attributes);
    (rm.scopeMetrics ?? []).forEach((sm, s) => {
      const scope = {
        ...(sm.scope?.name ? { name: sm.scope.name } : {}),
        ...(sm.scope?.version ? { version: sm.scope.version } : {}),
      };
      (sm.metrics ?? []).forEach((m, i) => {
        const at = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${i}]`;
        const kinds = (['gauge', 'sum', 'histogram'] as const).filter((k) => m[k] !== undefined);
        if (kinds.length !== 1) return void problems.push({ path: at, message: refusedKind(m) });
        const kind = kinds[0]!;
        const dataPoints: (NumberPoint | HistogramPoint)[] = m[kind]!.dataPoints;
        seen += dataPoints.length;
        if (seen > options.maxPoints) {
          throw new DomainError(
            'too_large',
            ALM_ERRORS.too_many_points,
            `One request may carry at most ${options.maxPoints} data points; split the export.`,
          );
        }
        dataPoints.forEach((p, j) => {
          const pointAt = `${at}.${kind}.dataPoints[${j}]`;
          const time = isoFromNanos(p.timeUnixNano, `${pointAt}.timeUnixNano`, options.now);
          if (isProblem(time)) return void problems.push(time);
          const buckets = 'count' in p ? bucketProblem(p, pointAt) : undefined;
          if (buckets) return void problems.push(buckets);
          const measured = measure(p);
          if ('nonFinite' in measured) return void nonFinite.push(`${pointAt}.${measured.nonFinite}`);
          points.push({
            name: m.name,
            unit: m.unit ?? '',
            kind,
            time,
            value: measured.value,
            count: measured.count,
            attributes: attributeObject(p.attributes),
            resource,
            scope,
            detail: { ...commonDetail(m, kind, p), ...measured.extra },
          });
        });
      });
    });
  });
  refuseProblems(problems, 'metrics');
  return {
    points,
    rejection: rejectionOf(nonFinite, 'data point(s)', 'the value is NaN or infinite, which cannot be stored'),
  };
}
