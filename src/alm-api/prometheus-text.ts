/**
 * The Prometheus text exposition format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats), the
 * `format=text` answer of the outbound metrics read and its default (SAP's blog 13559270: "OpenMetrics
 * Prometheus format"). One family per measure, `# HELP` and `# TYPE` first, its lines together; a series has one
 * line per bucket, in time order, each with its timestamp in milliseconds (the read answers a window, not "now").
 * Histograms are `_bucket{le=...}` (cumulative, up to `+Inf`), `_sum` and `_count`. Dimensions whose label
 * names clash are a 400 (labelNameClashes).
 */
import { invalidInput } from '../shared/index.js';
import { ALM_ERRORS } from './errors.js';
import { measureKey, type HistogramSample, type Row, type Sample } from './raw-metrics-aggregate.js';
import type { Measure } from './raw-metrics-query.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A metric name: [a-zA-Z_:][a-zA-Z0-9_:]*, anything else becomes `_`. */
export function metricName(text: string): string {
  const name = text.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(name) ? name : `_${name}`;
}

/** A label name: [a-zA-Z_][a-zA-Z0-9_]*, and not `__`-prefixed (reserved for Prometheus' own labels). */
export function labelName(text: string): string {
  const name = text.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^__+/, '_');
  return /^[a-zA-Z_]/.test(name) ? name : `_${name}`;
}

/**
 * Dimensions whose label names would clash: two that normalise to the same name (`a.b` and `a_b` are both
 * `a_b`), or one named `le`, the histogram's bucket label. Prometheus refuses a line with a label twice, and
 * dropping or renaming one would answer a series nobody asked for, so the read refuses them (400 naming them).
 */
export function labelNameClashes(dimensions: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const d of dimensions) byName.set(labelName(d), [...(byName.get(labelName(d)) ?? []), d]);
  return [...byName].flatMap(([name, ds]) => (ds.length > 1 || name === 'le' ? ds : []));
}

export function refuseClashes(dimensions: readonly string[]): void {
  const clashes = labelNameClashes(dimensions);
  if (clashes.length === 0) return;
  const names = clashes.map((d) => `"${d}"`).join(', ');
  throw invalidInput(
    ALM_ERRORS.bad_parameter,
    `The dimensions ${names} have the same Prometheus label name, or the histogram's "le", in format=text: ` +
      'ask for one of them, or another format.',
    [{ path: 'dimensions', message: `label names clash: ${names}` }],
  );
}

/** Label values escape backslash, double quote and line feed. */
export const labelValue = (text: string): string =>
  text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** HELP text escapes backslash and line feed. */
const helpText = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** Go's float syntax as Prometheus reads it: +Inf, -Inf, NaN, else the shortest decimal form. */
export function sampleValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function labelSet(labels: readonly (readonly [string, string])[], extra?: readonly [string, string]): string {
  // an empty value is the same as no label to Prometheus; it is left out
  const pairs = [...labels.filter(([, v]) => v !== ''), ...(extra ? [extra] : [])];
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${labelName(k)}="${labelValue(v)}"`).join(',')}}`;
}

function histogramLines(name: string, row: Row, h: HistogramSample, ts: number): string[] {
  const lines: string[] = [];
  let cumulative = 0;
  h.bounds.forEach((bound, i) => {
    cumulative += h.counts[i] ?? 0;
    lines.push(`${name}_bucket${labelSet(row.labels, ['le', sampleValue(bound)])} ${cumulative} ${ts}`);
  });
  lines.push(`${name}_bucket${labelSet(row.labels, ['le', '+Inf'])} ${h.count} ${ts}`);
  lines.push(`${name}_sum${labelSet(row.labels)} ${sampleValue(h.sum)} ${ts}`);
  lines.push(`${name}_count${labelSet(row.labels)} ${h.count} ${ts}`);
  return lines;
}

/** The exposition of `rows` (already in time order); an empty string when there is nothing. */
export function prometheusText(
  rows: readonly Row[],
  options: { readonly prefix: string; readonly measures: readonly Measure[]; readonly preserveTimeStamp: boolean },
): string {
  // every row has a label per dimension, so the first names them all (no rows: nothing to clash)
  refuseClashes(rows[0]?.labels.map(([name]) => name) ?? []);
  const out: string[] = [];
  // series by series: sort by labels, keeping time order inside a series (the sort is stable)
  const bySeries = [...rows].sort((a, b) => {
    const ka = JSON.stringify(a.labels);
    const kb = JSON.stringify(b.labels);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const measure of options.measures) {
    const key = measureKey(measure);
    const name = metricName(`${options.prefix}_${key}`);
    const lines: string[] = [];
    for (const row of bySeries) {
      const sample: Sample | undefined = row.samples.get(key);
      if (sample === undefined) continue;
      const ts = options.preserveTimeStamp ? row.lastTime : row.time;
      if (typeof sample === 'number') lines.push(`${name}${labelSet(row.labels)} ${sampleValue(sample)} ${ts}`);
      else lines.push(...histogramLines(name, row, sample, ts));
    }
    if (lines.length === 0) continue;
    const method = measure.method ? `;${measure.method}` : '';
    out.push(`# HELP ${name} ${helpText(`SAP Cloud ALM raw data ${options.prefix} measure:${measure.name}${method}`)}`);
    out.push(`# TYPE ${name} ${measure.name === 'histogram' ? 'histogram' : 'gauge'}`);
    out.push(...lines);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
