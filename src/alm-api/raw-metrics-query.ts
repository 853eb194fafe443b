/**
 * The query of `GET /calm-metrics/v1/metrics` as SAP documents and sends it (blog 13559270, SAP-samples Postman
 * collection "Raw Data - Metrics"), checked whole: what is missing or malformed is a 400 naming the parameter.
 * The decisions where SAP says nothing are in alm-api/README.md, "Raw Data reads".
 */
import { invalidInput } from '../shared/index.js';
import { ALM_ERRORS } from './errors.js';
import { parseResolution, type Resolution } from './sap-period.js';

/** SAP's metrics providers (the Postman collection's list); `hm` holds what managed services push with their key. */
export const METRICS_PROVIDERS = [
  'hm',
  'rum',
  'jam',
  'bsm',
  'sum',
  'exm',
  'cpi',
  'concur',
  'sf',
  'aif',
  'aribacig',
  'aribanet',
  'aribaproc',
  'aribasrc',
  'c4c',
  'ws',
  'fg',
  'mdi',
  'mobsrv',
  'idoc',
] as const;
export type MetricsProvider = (typeof METRICS_PROVIDERS)[number];

/** SAP's three formats, and calm-keys' own JSON list of one service's points (the read before issue 13). */
export const METRICS_FORMATS = ['text', 'protobuf-binary', 'protobuf-json', 'calm-keys-json'] as const;
export type MetricsFormat = (typeof METRICS_FORMATS)[number];

/** What a measure computes from the points of one bucket (raw-metrics-aggregate.ts; README "Raw Data reads"). */
export const MEASURES = [
  'value',
  'count',
  'sum',
  'min',
  'max',
  'last',
  'usage',
  'okStatus',
  'warningStatus',
  'criticalStatus',
  'histogram',
] as const;
export type MeasureName = (typeof MEASURES)[number];
export const METHODS = ['avg', 'min', 'max', 'sum', 'last'] as const;
export type Method = (typeof METHODS)[number];

export interface Measure {
  readonly name: MeasureName;
  /** `measure:value;max`: how `value` combines the points of a bucket (default by the metric's kind). */
  readonly method?: Method;
}

export interface MetricsRequest {
  readonly provider: MetricsProvider;
  readonly format: MetricsFormat;
  readonly resolution: Resolution;
  readonly dimensions: readonly string[];
  readonly measures: readonly Measure[];
  /** The output names' prefix: `<prefix>_<measure>`; by default the provider. */
  readonly prefix: string;
  readonly serviceId?: string;
  readonly serviceType?: string;
  /** calm-keys: only these pushed metric names (comma list). */
  readonly metricNames?: readonly string[];
  readonly limit?: number;
  readonly offset: number;
  readonly truncate: boolean;
  readonly preserveTimeStamp: boolean;
}

/** The raw query parameters (all text; the route's schema only bounds their length). */
export type RawMetricsQuery = Readonly<Record<string, string | undefined>>;

const NAME = /^[A-Za-z_][\w.-]{0,99}$/;
const PREFIX = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const INTEGER = /^\d{1,9}$/;

export const badParameter = (path: string, message: string, expected: string) =>
  invalidInput(ALM_ERRORS.bad_parameter, message, [{ path, message: expected }]);

const missing = (path: string, what: string) =>
  invalidInput(ALM_ERRORS.parameter_missing, `The query parameter ${path} is required: ${what}.`, [
    { path, message: 'required' },
  ]);

function oneOf<T extends string>(list: readonly T[], value: string): T | undefined {
  return list.find((item) => item.toLowerCase() === value.toLowerCase());
}

function list(text: string | undefined, path: string): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0 || items.length > 50)
    throw badParameter(path, `${path} is a comma list of 1 to 50 names.`, 'expected a comma list');
  return items;
}

const MEASURE = /^measure:([A-Za-z]+)(?:;([A-Za-z]+))?$/;

/** A measure of `hm` (the ones calm-keys computes); `undefined` for another provider's, which is only checked in form. */
function measureOf(text: string, provider: MetricsProvider): Measure | undefined {
  const m = MEASURE.exec(text);
  const name = m ? oneOf(MEASURES, m[1]!) : undefined;
  const method = m?.[2] === undefined ? undefined : oneOf(METHODS, m[2]);
  // other providers have their own measures (SAP's Postman: measure:executions, measure:Count, ...); they hold
  // nothing here, so any well-formed name is fine for them
  if (m && provider !== 'hm') return undefined;
  if (!m || !name || (m[2] !== undefined && !method))
    throw badParameter(
      'metrics',
      `"${text}" is not a measure: measure:<name>[;<method>] with name one of ${MEASURES.join(', ')} and method one of ${METHODS.join(', ')}.`,
      'expected e.g. measure:value',
    );
  return method ? { name, method } : { name };
}

const unique = (measures: Measure[]): Measure[] =>
  measures.filter((m, i) => measures.findIndex((o) => o.name === m.name && o.method === m.method) === i);

function integer(text: string | undefined, path: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!INTEGER.test(text) || Number(text) < min)
    throw badParameter(path, `${path} is an integer of at least ${min}.`, `expected an integer >= ${min}`);
  return Number(text);
}

function flag(text: string | undefined, path: string): boolean {
  if (text === undefined) return false;
  const value = oneOf(['true', 'false'], text);
  if (!value) throw badParameter(path, `${path} is true or false.`, 'expected true or false');
  return value === 'true';
}

/** Checks and reads the query; the legacy `calm-keys-json` format needs no measures, dimensions or resolution. */
export function parseMetricsQuery(q: RawMetricsQuery): MetricsRequest {
  if (!q.provider) throw missing('provider', `the data provider, one of ${METRICS_PROVIDERS.join(', ')}`);
  const provider = oneOf(METRICS_PROVIDERS, q.provider);
  if (!provider)
    throw invalidInput(
      ALM_ERRORS.unknown_provider,
      `Unknown provider "${q.provider}": one of ${METRICS_PROVIDERS.join(', ')}.`,
      [{ path: 'provider', message: 'unknown provider' }],
    );
  if (q.version !== undefined && q.version.toUpperCase() !== 'V1')
    throw badParameter('version', 'version is V1.', 'expected V1');
  const format = q.format === undefined ? 'text' : oneOf(METRICS_FORMATS, q.format);
  if (!format)
    throw badParameter('format', `format is one of ${METRICS_FORMATS.join(', ')} (default text).`, 'unknown format');
  const legacy = format === 'calm-keys-json';
  const resolution = parseResolution(q.resolution);
  if (!resolution)
    throw badParameter(
      'resolution',
      'resolution is e.g. 5Mi, 15Mi, 1H, D, W, M, Y (buckets of that size), R (each point) or P (the whole period).',
      'expected e.g. 5Mi',
    );
  const dimensions = list(q.dimensions, 'dimensions');
  const measures = list(q.metrics, 'metrics');
  if (!legacy && !measures) throw missing('metrics', 'the measures, e.g. measure:value');
  if (!legacy && !dimensions) throw missing('dimensions', 'the dimensions, e.g. serviceName,metricName');
  for (const d of dimensions ?? [])
    if (!NAME.test(d)) throw badParameter('dimensions', `"${d}" is not a dimension name.`, 'expected names');
  if (q.prefix !== undefined && !PREFIX.test(q.prefix))
    throw badParameter('prefix', 'prefix is a metric name prefix: letters, digits and _.', 'expected e.g. hm');
  if (q.onLimit !== undefined && q.onLimit.toUpperCase() !== 'TRUNCATE')
    throw badParameter('onLimit', 'onLimit is TRUNCATE.', 'expected TRUNCATE');
  integer(q.shift, 'shift', 0); // accepted as SAP's clients send it; what it shifts is not published (README)
  const limit = integer(q.limit, 'limit', 1);
  const metricNames = legacy ? list(q.metrics, 'metrics') : list(q.metricName, 'metricName');
  return {
    provider,
    format,
    resolution,
    // a name asked twice would be a label or a family twice, which the exposition format forbids
    dimensions: [...new Set(dimensions ?? [])],
    measures: legacy
      ? []
      : unique(measures!.map((m) => measureOf(m, provider)).filter((m): m is Measure => m !== undefined)),
    prefix: q.prefix ?? provider,
    ...(q.serviceId ? { serviceId: q.serviceId } : {}),
    ...(q.serviceType ? { serviceType: q.serviceType } : {}),
    ...(metricNames ? { metricNames } : {}),
    ...(limit === undefined ? {} : { limit }),
    offset: integer(q.offset, 'offset', 0) ?? 0,
    truncate: q.onLimit !== undefined,
    preserveTimeStamp: flag(q.preserveTimeStamp, 'preserveTimeStamp'),
  };
}
