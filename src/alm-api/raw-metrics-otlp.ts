/**
 * The rows of the outbound metrics read as an OTLP ExportMetricsServiceRequest in its JSON form (what
 * `format=protobuf-json` answers; otlp-encode.ts makes `protobuf-binary` of it). Each measure is one metric named
 * like its Prometheus family (`<prefix>_<measure>`), the dimensions are the points' attributes; counting
 * measures are integers, histograms delta histograms over their bucket. Nothing to answer is `{}`.
 */
import { measureKey, type Row } from './raw-metrics-aggregate.js';
import type { Measure } from './raw-metrics-query.js';
import { nanosOf, type OtlpJson } from './otlp-encode.js';
import { metricName } from './prometheus-text.js';

const COUNTING = new Set(['count', 'okStatus', 'warningStatus', 'criticalStatus']);
/** opentelemetry-proto metrics.proto AggregationTemporality. */
const DELTA = 1;
export const OUTBOUND_SCOPE = { name: 'calm-keys.raw-data-outbound', version: '1' } as const;

const attributesOf = (row: Row) =>
  row.labels.filter(([, v]) => v !== '').map(([key, value]) => ({ key, value: { stringValue: value } }));

export function metricsRequestJson(
  rows: readonly Row[],
  options: { readonly prefix: string; readonly measures: readonly Measure[]; readonly preserveTimeStamp: boolean },
): OtlpJson {
  const metrics: OtlpJson[] = [];
  for (const measure of options.measures) {
    const key = measureKey(measure);
    const name = metricName(`${options.prefix}_${key}`);
    const description = `SAP Cloud ALM raw data ${options.prefix} measure:${measure.name}${measure.method ? `;${measure.method}` : ''}`;
    const numberPoints: OtlpJson[] = [];
    const histogramPoints: OtlpJson[] = [];
    for (const row of rows) {
      const sample = row.samples.get(key);
      if (sample === undefined) continue;
      const timeUnixNano = nanosOf(options.preserveTimeStamp ? row.lastTime : row.time);
      if (typeof sample === 'number')
        numberPoints.push({
          attributes: attributesOf(row),
          timeUnixNano,
          ...(COUNTING.has(measure.name) ? { asInt: String(sample) } : { asDouble: sample }),
        });
      else
        histogramPoints.push({
          attributes: attributesOf(row),
          startTimeUnixNano: nanosOf(row.time),
          timeUnixNano,
          count: String(sample.count),
          sum: sample.sum,
          bucketCounts: sample.counts.map(String),
          explicitBounds: [...sample.bounds],
        });
    }
    if (numberPoints.length > 0) metrics.push({ name, description, unit: '', gauge: { dataPoints: numberPoints } });
    if (histogramPoints.length > 0)
      metrics.push({
        name,
        description,
        unit: '',
        histogram: { aggregationTemporality: DELTA, dataPoints: histogramPoints },
      });
  }
  if (metrics.length === 0) return {};
  return {
    resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ scope: { ...OUTBOUND_SCOPE }, metrics }] }],
  };
}
