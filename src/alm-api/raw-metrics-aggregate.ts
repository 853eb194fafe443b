/**
 * Pushed points turned into the rows of SAP's outbound metrics: one row per time bucket (the resolution) and
 * combination of dimension values, holding every measure asked for. What each measure computes is decided
 * here and documented in alm-api/README.md, "Raw Data reads" (SAP publishes the names, not the arithmetic).
 */
import type { Measure } from './raw-metrics-query.js';
import { bucketOf, type Resolution, type TimeRange } from './sap-period.js';

/** A pushed point with the managed object it was pushed to. */
export interface StoredPoint {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly serviceType: string;
  readonly name: string;
  readonly unit: string;
  readonly kind: string;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly value: number;
  readonly count: number | null;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resource: Readonly<Record<string, unknown>>;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface HistogramSample {
  readonly bounds: readonly number[];
  /** Per bucket, not cumulative (as OTLP carries them). */
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export type Sample = number | HistogramSample;

export interface Row {
  /** Bucket start, epoch ms. */
  readonly time: number;
  /** The latest point in the bucket, epoch ms (what preserveTimeStamp answers). */
  readonly lastTime: number;
  /** Dimension name -> value, in the order the dimensions were asked for. */
  readonly labels: readonly (readonly [string, string])[];
  /** Measure key (measureKey) -> sample; a measure with nothing to say for the row is absent. */
  readonly samples: ReadonlyMap<string, Sample>;
}

/** `value` or `value;max`: the key of a measure in rows and the suffix of its output name. */
export const measureKey = (m: Measure): string => (m.method ? `${m.name}_${m.method}` : m.name);

const RATINGS = {
  ok: ['ok', 'green', 'success'],
  warning: ['warning', 'yellow'],
  critical: ['critical', 'red', 'error'],
} as const;

function dimensionValue(p: StoredPoint, dimension: string): string {
  switch (dimension) {
    case 'serviceId':
      return p.serviceId;
    case 'serviceName':
      return p.serviceName;
    case 'serviceType':
      return p.serviceType;
    case 'metricName':
      return p.name;
    case 'metricLabel':
      return typeof p.detail.description === 'string' && p.detail.description ? p.detail.description : p.name;
    default: {
      const value = p.attributes[dimension] ?? p.resource[dimension];
      return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
}

/** The point's rating from its attribute `rating` or `status` (point first, then resource), if it has one. */
function ratingOf(p: StoredPoint): keyof typeof RATINGS | undefined {
  const raw = p.attributes.rating ?? p.attributes.status ?? p.resource.rating ?? p.resource.status;
  if (typeof raw !== 'string') return undefined;
  const text = raw.toLowerCase();
  return (Object.keys(RATINGS) as (keyof typeof RATINGS)[]).find((r) =>
    (RATINGS[r] as readonly string[]).includes(text),
  );
}

const numbers = (value: unknown): number[] | undefined =>
  Array.isArray(value) && value.every((n) => typeof n === 'number') ? (value as number[]) : undefined;

function histogramOf(points: readonly StoredPoint[]): HistogramSample | undefined {
  let merged: { bounds: number[]; counts: number[]; sum: number; count: number } | undefined;
  for (const p of points) {
    const bounds = numbers(p.detail.explicitBounds);
    const counts = numbers(p.detail.bucketCounts);
    if (!bounds || !counts || counts.length !== bounds.length + 1) continue;
    // points with other bounds cannot be added bucket by bucket: the first bounds of the bucket win
    if (!merged) merged = { bounds: [...bounds], counts: counts.map(() => 0), sum: 0, count: 0 };
    else if (merged.bounds.join() !== bounds.join()) continue;
    counts.forEach((c, i) => (merged!.counts[i]! += c));
    merged.sum += p.value;
    merged.count += p.count ?? counts.reduce((a, b) => a + b, 0);
  }
  return merged;
}

const avg = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const total = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
// a loop, not Math.min(...v): a read holds up to 100 000 points, beyond what a call's arguments may spread
const least = (v: readonly number[]) => v.reduce((a, b) => (b < a ? b : a), Infinity);
const greatest = (v: readonly number[]) => v.reduce((a, b) => (b > a ? b : a), -Infinity);

function valueOf(points: readonly StoredPoint[], method: Measure['method']): number | undefined {
  const values = points.map((p) => p.value);
  const last = values[values.length - 1]!;
  switch (method) {
    case 'avg':
      return avg(values);
    case 'min':
      return least(values);
    case 'max':
      return greatest(values);
    case 'sum':
      return total(values);
    case 'last':
      return last;
  }
  // by kind: a gauge averages, a delta sum adds up, a cumulative sum is its latest value, a histogram its mean
  const first = points[0]!;
  if (first.kind === 'histogram') {
    const count = total(points.map((p) => p.count ?? 0));
    return count > 0 ? total(values) / count : undefined;
  }
  if (first.kind === 'sum') return first.detail.temporality === 'delta' ? total(values) : last;
  return avg(values);
}

function sampleOf(points: readonly StoredPoint[], m: Measure): Sample | undefined {
  switch (m.name) {
    case 'value':
      return valueOf(points, m.method);
    case 'count':
      return points[0]!.kind === 'histogram' ? total(points.map((p) => p.count ?? 0)) : points.length;
    case 'sum':
    case 'min':
    case 'max':
    case 'last':
      return valueOf(points, m.name === 'sum' ? 'sum' : m.name);
    case 'usage': {
      // a utilization in percent: OpenTelemetry writes ratios with unit "1", some pushers percentages with "%"
      const value = valueOf(points, m.method);
      const unit = points[0]!.unit;
      if (value === undefined) return undefined;
      return unit === '1' ? value * 100 : unit === '%' ? value : undefined;
    }
    case 'okStatus':
      return points.filter((p) => ratingOf(p) === 'ok').length;
    case 'warningStatus':
      return points.filter((p) => ratingOf(p) === 'warning').length;
    case 'criticalStatus':
      return points.filter((p) => ratingOf(p) === 'critical').length;
    case 'histogram':
      return histogramOf(points);
  }
}

/** Rows in time order (then by their dimension values), each with the measures asked for. */
export function aggregate(
  points: readonly StoredPoint[],
  options: {
    readonly window: TimeRange;
    readonly resolution: Resolution;
    readonly dimensions: readonly string[];
    readonly measures: readonly Measure[];
  },
): Row[] {
  const groups = new Map<string, { time: number; labels: [string, string][]; points: StoredPoint[] }>();
  for (const p of points) {
    const time = bucketOf(p.time, options.resolution, options.window);
    const labels = options.dimensions.map((d): [string, string] => [d, dimensionValue(p, d)]);
    const key = JSON.stringify([time, labels]);
    const group = groups.get(key) ?? { time, labels, points: [] };
    group.points.push(p);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map((g) => {
    const samples = new Map<string, Sample>();
    for (const m of options.measures) {
      const sample = sampleOf(g.points, m);
      if (sample !== undefined && (typeof sample !== 'number' || Number.isFinite(sample)))
        samples.set(measureKey(m), sample);
    }
    return { time: g.time, lastTime: greatest(g.points.map((p) => p.time)), labels: g.labels, samples };
  });
  const order = (r: Row) => JSON.stringify(r.labels);
  return rows.sort((a, b) => a.time - b.time || (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
