/**
 * A hand-written check of the common OTLP metrics request (gauges and sums of plain attributes), so that zod
 * does not walk every push: zod was the largest part of an ingest request after the SQL (issue 15 profile).
 *
 * The check only ever says "this request is exactly what the schema accepts": every key known to the schema
 * (otlp-metrics.ts `metricsRequest`), no other key, every limit and pattern the schema has. Then zod's output
 * would be a copy of the request (the schema has no defaults or transforms; it only drops unknown keys, and
 * there are none), so the request itself is used. Anything else (a histogram, an unknown key, a value the check
 * does not know, a problem) answers false and zod parses the request as before: the answer to a bad
 * request, with its JSON paths, is always zod's.
 */
import { MAX_ITEMS_PER_CONTAINER, MAX_RESOURCES, MAX_SCOPES_PER_RESOURCE, type AnyValue } from './otlp-common.js';

type Obj = Record<string, unknown>;

/** A plain object (what JSON.parse and the protobuf decoder build) whose keys are all among `allowed`. */
function plainWith(value: unknown, allowed: ReadonlySet<string>): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    // an explicit undefined is left to zod (whether its key survives parsing is zod's business)
    if (!allowed.has(key) || (value as Obj)[key] === undefined) return false;
  }
  return true;
}

const keys = (...names: string[]) => new Set(names);
const REQUEST = keys('resourceMetrics');
const RESOURCE_METRICS = keys('resource', 'scopeMetrics');
const RESOURCE = keys('attributes');
const SCOPE_METRICS = keys('scope', 'metrics');
const SCOPE = keys('name', 'version');
const METRIC = keys('name', 'description', 'unit', 'gauge', 'sum');
const GAUGE = keys('dataPoints');
const SUM = keys('dataPoints', 'aggregationTemporality', 'isMonotonic');
const NUMBER_POINT = keys('attributes', 'startTimeUnixNano', 'timeUnixNano', 'flags', 'asDouble', 'asInt');
const KEY_VALUE = keys('key', 'value');
const ANY_VALUE = keys(
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
);
const VALUES = keys('values');

const INT64 = /^-?\d{1,20}$/;
const NANOS = /^\d{1,20}$/;
const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

const optionalString = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max);
const array = (v: unknown, max: number): v is unknown[] => Array.isArray(v) && v.length <= max;
/** Every element, holes included (`every` skips the holes of a sparse array; zod reads them as undefined). */
function all(list: readonly unknown[], check: (element: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i += 1) if (!check(list[i])) return false;
  return true;
}
// otlp-common.ts: int64, nanos and double accept a decimal string or a finite integral (or any finite) number
const int64 = (v: unknown) => (typeof v === 'string' ? INT64.test(v) : Number.isInteger(v));
const nanos = (v: unknown) => (typeof v === 'string' ? NANOS.test(v) : Number.isInteger(v) && (v as number) >= 0);
const double = (v: unknown) =>
  typeof v === 'number'
    ? Number.isFinite(v)
    : typeof v === 'string' && (DECIMAL.test(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity');

function anyValue(v: unknown, depth: number): boolean {
  if (depth > 8 || !plainWith(v, ANY_VALUE)) return false;
  const a = v as AnyValue;
  if (!optionalString(a.stringValue, 8192) || !optionalString(a.bytesValue, 8192)) return false;
  if (a.boolValue !== undefined && typeof a.boolValue !== 'boolean') return false;
  if (a.intValue !== undefined && !int64(a.intValue)) return false;
  if (a.doubleValue !== undefined && !double(a.doubleValue)) return false;
  if (a.arrayValue !== undefined) {
    if (!plainWith(a.arrayValue, VALUES)) return false;
    const values = a.arrayValue.values;
    if (values !== undefined && !(array(values, 128) && all(values, (x) => anyValue(x, depth + 1)))) return false;
  }
  if (a.kvlistValue !== undefined) {
    if (!plainWith(a.kvlistValue, VALUES)) return false;
    const values = a.kvlistValue.values;
    if (values !== undefined && !(array(values, 128) && all(values, (kv) => keyValue(kv, depth + 1)))) return false;
  }
  return true;
}

function keyValue(kv: unknown, depth: number): boolean {
  if (!plainWith(kv, KEY_VALUE)) return false;
  const { key, value } = kv;
  if (typeof key !== 'string' || key.length < 1 || key.length > 256) return false;
  return value === undefined || anyValue(value, depth);
}

const attributes = (v: unknown) => v === undefined || (array(v, 128) && all(v, (kv) => keyValue(kv, 0)));

function numberPoint(p: unknown): boolean {
  if (!plainWith(p, NUMBER_POINT)) return false;
  if (!attributes(p.attributes) || !nanos(p.timeUnixNano)) return false;
  if (p.startTimeUnixNano !== undefined && !nanos(p.startTimeUnixNano)) return false;
  if (p.flags !== undefined && !(Number.isSafeInteger(p.flags) && (p.flags as number) >= 0)) return false;
  if (p.asDouble === undefined && p.asInt === undefined) return false;
  if (p.asDouble !== undefined && !double(p.asDouble)) return false;
  return p.asInt === undefined || int64(p.asInt);
}

const dataPoints = (v: unknown) => array(v, MAX_ITEMS_PER_CONTAINER) && all(v, numberPoint);

function metric(m: unknown): boolean {
  if (!plainWith(m, METRIC)) return false;
  if (typeof m.name !== 'string' || m.name.length < 1 || m.name.length > 255) return false;
  if (!optionalString(m.description, 1024) || !optionalString(m.unit, 63)) return false;
  if (m.gauge !== undefined && !(plainWith(m.gauge, GAUGE) && dataPoints(m.gauge.dataPoints))) return false;
  if (m.sum !== undefined) {
    if (!plainWith(m.sum, SUM) || !dataPoints(m.sum.dataPoints)) return false;
    const { aggregationTemporality: t, isMonotonic } = m.sum;
    if (t !== undefined && !Number.isSafeInteger(t) && !(typeof t === 'string' && t.length <= 64)) return false;
    if (isMonotonic !== undefined && typeof isMonotonic !== 'boolean') return false;
  }
  return true;
}

function scopeMetrics(sm: unknown): boolean {
  if (!plainWith(sm, SCOPE_METRICS)) return false;
  if (sm.scope !== undefined) {
    if (!plainWith(sm.scope, SCOPE)) return false;
    if (!optionalString(sm.scope.name, 255) || !optionalString(sm.scope.version, 64)) return false;
  }
  return sm.metrics === undefined || (array(sm.metrics, MAX_ITEMS_PER_CONTAINER) && all(sm.metrics, metric));
}

function resourceMetrics(rm: unknown): boolean {
  if (!plainWith(rm, RESOURCE_METRICS)) return false;
  if (rm.resource !== undefined && !(plainWith(rm.resource, RESOURCE) && attributes(rm.resource.attributes)))
    return false;
  const list = rm.scopeMetrics;
  return list === undefined || (array(list, MAX_SCOPES_PER_RESOURCE) && all(list, scopeMetrics));
}

/** True when the request is one the check fully knows to be valid (zod's output would equal it); else false. */
export function isPlainMetricsRequest(body: unknown): boolean {
  if (!plainWith(body, REQUEST)) return false;
  const list = body.resourceMetrics;
  return list === undefined || (array(list, MAX_RESOURCES) && all(list, resourceMetrics));
}
