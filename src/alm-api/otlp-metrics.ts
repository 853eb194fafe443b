/**
 * OTLP/HTTP JSON metrics (ExportMetricsServiceRequest) as the OpenTelemetry exporters send them: gauge, sum
 * and histogram data points become rows. Anything else (exponential histograms, summaries) is refused with a
 * message naming the metric, rather than dropped silently.
 */
import { z } from 'zod';
import { DomainError, invalidInput, type Problem } from '../shared/index.js';
import { attributeObject, attributes, int64, isoFromNanos, isProblem, nanos, parseOtlp } from './otlp-common.js';
import { ALM_ERRORS } from './errors.js';

const finite = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a finite number')]);

const numberPoint = z
  .object({
    attributes: attributes.optional(),
    startTimeUnixNano: nanos.optional(),
    timeUnixNano: nanos,
    asDouble: finite.optional(),
    asInt: int64.optional(),
  })
  .refine((p) => p.asDouble !== undefined || p.asInt !== undefined, {
    message: 'a data point needs asDouble or asInt',
    path: ['asDouble'],
  });

const histogramPoint = z.object({
  attributes: attributes.optional(),
  startTimeUnixNano: nanos.optional(),
  timeUnixNano: nanos,
  count: int64,
  sum: finite.optional(),
  bucketCounts: z.array(int64).max(512).optional(),
  explicitBounds: z.array(z.number()).max(512).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const metric = z.object({
  name: z.string().min(1).max(255),
  description: z.string().max(1024).optional(),
  unit: z.string().max(63).optional(),
  gauge: z.object({ dataPoints: z.array(numberPoint) }).optional(),
  sum: z
    .object({
      dataPoints: z.array(numberPoint),
      aggregationTemporality: z.union([z.number().int(), z.string()]).optional(),
      isMonotonic: z.boolean().optional(),
    })
    .optional(),
  histogram: z
    .object({
      dataPoints: z.array(histogramPoint),
      aggregationTemporality: z.union([z.number().int(), z.string()]).optional(),
    })
    .optional(),
  exponentialHistogram: z.unknown().optional(),
  summary: z.unknown().optional(),
});

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
              metrics: z.array(metric),
            }),
          )
          .optional(),
      }),
    )
    .min(1, 'at least one resourceMetrics entry'),
});

export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly kind: 'gauge' | 'sum' | 'histogram';
  readonly time: string;
  readonly value: number;
  readonly count: number | null;
  readonly attributes: Record<string, unknown>;
}

/** Validates and flattens a request; throws 400 with JSON paths, or 413 above `maxPoints`. */
export function parseMetricsRequest(body: unknown, options: { now: Date; maxPoints: number }): MetricPoint[] {
  const request = parseOtlp(metricsRequest, body, 'metrics');
  const points: MetricPoint[] = [];
  const problems: Problem[] = [];
  request.resourceMetrics.forEach((rm, r) => {
    const resource = attributeObject(rm.resource?.attributes);
    (rm.scopeMetrics ?? []).forEach((sm, s) => {
      sm.metrics.forEach((m, i) => {
        const at = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${i}]`;
        const kinds = (['gauge', 'sum', 'histogram'] as const).filter((k) => m[k] !== undefined);
        if (kinds.length !== 1) {
          const other =
            m.exponentialHistogram !== undefined
              ? 'exponentialHistogram'
              : m.summary !== undefined
                ? 'summary'
                : undefined;
          problems.push({
            path: at,
            message: other
              ? `metric "${m.name}" is ${other === 'summary' ? 'a' : 'an'} ${other}; only gauge, sum and histogram are accepted`
              : `metric "${m.name}" needs exactly one of gauge, sum, histogram`,
          });
          return;
        }
        const kind = kinds[0]!;
        const dataPoints = m[kind]!.dataPoints;
        if (points.length + dataPoints.length > options.maxPoints) {
          throw new DomainError(
            'too_large',
            ALM_ERRORS.too_many_points,
            `One request may carry at most ${options.maxPoints} data points; split the export.`,
          );
        }
        dataPoints.forEach((p, j) => {
          const time = isoFromNanos(p.timeUnixNano, `${at}.${kind}.dataPoints[${j}].timeUnixNano`, options.now);
          if (isProblem(time)) return void problems.push(time);
          const attrs = { ...resource, ...attributeObject(p.attributes) };
          if ('count' in p) {
            points.push({
              name: m.name,
              unit: m.unit ?? '',
              kind,
              time,
              value: Number(p.sum ?? 0),
              count: Number(p.count),
              attributes: attrs,
            });
          } else {
            points.push({
              name: m.name,
              unit: m.unit ?? '',
              kind,
              time,
              value: Number(p.asDouble ?? p.asInt),
              count: null,
              attributes: attrs,
            });
          }
        });
      });
    });
  });
  if (problems.length > 0)
    throw invalidInput(
      ALM_ERRORS.invalid_payload,
      `The metrics payload has ${problems.length} problem(s): ${problems
        .slice(0, 5)
        .map((p) => `${p.path} ${p.message}`)
        .join('; ')}.`,
      problems.slice(0, 20),
    );
  return points;
}
