/**
 * Pieces shared by the OTLP/HTTP JSON payloads (metrics and logs): attributes, nanosecond timestamps, and
 * turning schema problems into a 400 that names the JSON path of each (at most 20 listed).
 */
import { z } from 'zod';
import { invalidInput, jsonPath, type Problem } from '../shared/index.js';
import { ALM_ERRORS } from './errors.js';

/**
 * OTLP JSON encodes 64-bit integers as decimal strings; some exporters send numbers (older OpenTelemetry JS
 * exporters, and its JSON encoder where BigInt is missing, write nanosecond timestamps as numbers). Such a
 * number is above 2^53, so zod's `.int()` (safe integers only) would refuse every real timestamp: any
 * integral double is accepted instead, its precision loss (below a microsecond) being the sender's.
 */
const integral = z.number().refine(Number.isInteger, 'expected an integer');
export const int64 = z.union([z.string().regex(/^-?\d{1,20}$/, 'expected an integer as a decimal string'), integral]);
export const nanos = z.union([
  z.string().regex(/^\d{1,20}$/, 'expected nanoseconds since 1970 as a decimal string'),
  integral.refine((n) => n >= 0, 'expected nanoseconds since 1970'),
]);

/**
 * A double as proto3 JSON writes it: a number, a decimal string, or "NaN", "Infinity", "-Infinity" (JSON has no
 * literal for them; protobuf carries them as IEEE doubles and the decoder writes these names). Non-finite values
 * pass the schema: the parsers reject such a point or record alone, an OTLP partial success (README.md).
 */
export const double = z.union([
  z.number(),
  z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number'),
  z.enum(['NaN', 'Infinity', '-Infinity']),
]);

/** Nanoseconds as the canonical decimal string (a JSON number beyond 2^53 is integral, so BigInt takes it). */
export const nanoString = (value: string | number): string => BigInt(value).toString();

/** OTLP's "unknown" timestamp: 0, which protobuf leaves off the wire and JSON may spell "0". */
export const isZero = (value: string | number | undefined): boolean => value !== undefined && BigInt(value) === 0n;

/**
 * The caps of OTLP's repeated containers, as many as maxItemsPerRequest allows in all (resources, scopes per
 * resource; metrics, data points and log records per container), so that zod refuses a long list by its path.
 */
export const MAX_RESOURCES = 1_000;
export const MAX_SCOPES_PER_RESOURCE = 1_000;
// as large as the node budget (otlp-budget.ts): more data points or records than maxItemsPerRequest (10 000) stay
// the documented 413 too_many_points / too_many_records, counted over the whole request after parsing
export const MAX_ITEMS_PER_CONTAINER = 200_000;

export type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: { key: string; value?: AnyValue }[] };
  bytesValue?: string;
};

export const anyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().max(8192).optional(),
    boolValue: z.boolean().optional(),
    intValue: int64.optional(),
    doubleValue: double.optional(),
    arrayValue: z.object({ values: z.array(anyValue).max(128).optional() }).optional(),
    kvlistValue: z
      .object({
        values: z
          .array(z.object({ key: z.string().max(256), value: anyValue.optional() }))
          .max(128)
          .optional(),
      })
      .optional(),
    bytesValue: z.string().max(8192).optional(),
  }),
);

export const attributes = z.array(z.object({ key: z.string().min(1).max(256), value: anyValue.optional() })).max(128);

function plain(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.kvlistValue)
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plain(kv.value)]));
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/** Whether a value holds a NaN or infinite double anywhere (plain JSON cannot keep one; it would read as null). */
export function holdsNonFinite(value: AnyValue | undefined): boolean {
  if (!value) return false;
  if (value.doubleValue !== undefined) return !Number.isFinite(Number(value.doubleValue));
  if (value.arrayValue) return (value.arrayValue.values ?? []).some(holdsNonFinite);
  if (value.kvlistValue) return (value.kvlistValue.values ?? []).some((kv) => holdsNonFinite(kv.value));
  return false;
}

/** OTLP key/value list as a plain object; later keys win. */
export function attributeObject(list: z.infer<typeof attributes> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = plain(kv.value);
  return out;
}

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST_AHEAD_MS = 24 * 3_600_000;

/** The last accepted time: the points of one push mostly share theirs (BigInt and Date per point were ~4% of a push). */
let lastTime: { value: string | number; nowMs: number; iso: string } | undefined;

/** Nanoseconds since 1970 as an ISO time, or a problem at `path` when outside 2000 .. now + 1 day. */
export function isoFromNanos(value: string | number, path: string, now: Date): string | Problem {
  const nowMs = now.getTime();
  if (lastTime !== undefined && lastTime.value === value && lastTime.nowMs === nowMs) return lastTime.iso;
  const ms = Number(BigInt(value) / 1_000_000n);
  if (ms < EARLIEST || ms > nowMs + LATEST_AHEAD_MS) {
    return { path, message: 'the timestamp is not between 2000-01-01 and one day from now (is it in nanoseconds?)' };
  }
  const iso = new Date(ms).toISOString();
  lastTime = { value, nowMs, iso };
  return iso;
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'path' in value && 'message' in value;
}

/** Parses with the schema or throws a 400 listing the first problems by JSON path. */
export function parseOtlp<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details: Problem[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: jsonPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol')),
    message: issue.message,
  }));
  throw invalidInput(
    ALM_ERRORS.invalid_payload,
    `The ${what} payload is not valid OTLP JSON: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`,
    details,
  );
}

/** Throws the 400 listing the problems found after the schema passed (the first 5 in the message, 20 in details). */
export function refuseProblems(problems: readonly Problem[], what: string): void {
  if (problems.length === 0) return;
  throw invalidInput(
    ALM_ERRORS.invalid_payload,
    `The ${what} payload has ${problems.length} problem(s): ${problems
      .slice(0, 5)
      .map((p) => `${p.path} ${p.message}`)
      .join('; ')}.`,
    problems.slice(0, 20),
  );
}

/** OTLP partial success: what was left out of an accepted request, and why (ExportMetricsPartialSuccess etc.). */
export interface Rejection {
  readonly rejected: number;
  readonly errorMessage: string;
}

/** The rejection of the items at `paths` for one reason, naming the first five; undefined when none. */
export function rejectionOf(paths: readonly string[], what: string, why: string): Rejection | undefined {
  if (paths.length === 0) return undefined;
  const named = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ', ...' : '');
  return { rejected: paths.length, errorMessage: `${paths.length} ${what} rejected: ${why} (${named}).` };
}
