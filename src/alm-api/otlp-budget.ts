/**
 * The work an OTLP push may cost, bounded before anything is built from it. 4 MiB (the body limit after
 * gzip) is room for two million empty messages (`0a 00` each), which protobufjs would decode into two million
 * objects and zod would then walk (seconds of a blocked event loop, hundreds of MB). So a request is counted
 * first: a JSON body's objects and arrays, a protobuf body's messages by a scan of the wire format that
 * follows only OTLP's message fields and builds nothing. Over the budget is 413; messages nested deeper than
 * the input guard's depth are 400 before protobufjs' recursive decoder meets them.
 */
import { DomainError, invalidInput, type Problem } from '../shared/index.js';
import { findInputProblem, MAX_INPUT_DEPTH } from '../shared/input-problem.js';
import { ALM_ERRORS } from './errors.js';
import { decodeLogsRequest, decodeMetricsRequest, type OtlpPayload } from './otlp-protobuf.js';

/** Objects and arrays (JSON) or messages (protobuf) one push may hold: 10 000 points with their attributes. */
export const MAX_OTLP_NODES = 200_000;

/**
 * The objects, arrays and array elements of a parsed JSON value (what zod would walk), counted up to
 * `limit + 1`; iterative, so any depth is safe.
 */
export function countJsonNodes(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    count += 1;
    if (Array.isArray(v)) {
      for (const element of v)
        if (typeof element === 'object' && element !== null) stack.push(element);
        else count += 1;
    } else for (const child of Object.values(v)) if (typeof child === 'object') stack.push(child);
  }
  return count;
}

/** A repeated number field: each element counts, as each becomes an array element when decoded. */
type Packed = 'packed64' | 'packedVarint';

/**
 * OTLP's message-typed and repeated-number fields, by message: field number to the field's message
 * (opentelemetry-proto common, resource, metrics, logs and their collector requests). Fields not listed
 * (strings, bytes, single numbers, what a later proto version adds) are skipped unread.
 */
const MESSAGE_FIELDS: Record<string, Record<number, string | Packed>> = {
  ExportMetricsServiceRequest: { 1: 'ResourceMetrics' },
  ExportLogsServiceRequest: { 1: 'ResourceLogs' },
  ResourceMetrics: { 1: 'Resource', 2: 'ScopeMetrics' },
  ResourceLogs: { 1: 'Resource', 2: 'ScopeLogs' },
  Resource: { 1: 'KeyValue', 3: 'Leaf' },
  InstrumentationScope: { 3: 'KeyValue' },
  ScopeMetrics: { 1: 'InstrumentationScope', 2: 'Metric' },
  ScopeLogs: { 1: 'InstrumentationScope', 2: 'LogRecord' },
  Metric: {
    5: 'NumberPoints',
    7: 'NumberPoints',
    9: 'HistogramPoints',
    10: 'ExpPoints',
    11: 'SummaryPoints',
    12: 'KeyValue',
  },
  NumberPoints: { 1: 'NumberDataPoint' },
  HistogramPoints: { 1: 'HistogramDataPoint' },
  ExpPoints: { 1: 'ExponentialHistogramDataPoint' },
  SummaryPoints: { 1: 'SummaryDataPoint' },
  NumberDataPoint: { 5: 'Exemplar', 7: 'KeyValue' },
  HistogramDataPoint: { 6: 'packed64', 7: 'packed64', 8: 'Exemplar', 9: 'KeyValue' },
  ExponentialHistogramDataPoint: { 1: 'KeyValue', 8: 'Buckets', 9: 'Buckets', 11: 'Exemplar' },
  Buckets: { 2: 'packedVarint' },
  SummaryDataPoint: { 6: 'Leaf', 7: 'KeyValue' },
  Exemplar: { 7: 'KeyValue' },
  LogRecord: { 5: 'AnyValue', 6: 'KeyValue' },
  KeyValue: { 2: 'AnyValue' },
  AnyValue: { 5: 'ArrayValue', 6: 'KeyValueList' },
  ArrayValue: { 1: 'AnyValue' },
  KeyValueList: { 1: 'KeyValue' },
  Leaf: {},
};

interface Frame {
  readonly type: string;
  readonly end: number;
}

/** A wire-format problem: the decoder will name it (400 `alm.invalid_protobuf`), so the scan just stops. */
class Truncated extends Error {}

function varint(bytes: Uint8Array, at: { pos: number }): number {
  let value = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (at.pos >= bytes.length) throw new Truncated();
    const byte = bytes[at.pos++]!;
    if (shift < 49) value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
  }
  throw new Truncated();
}

/** How many numbers a packed field of `length` bytes from `pos` holds. */
function packedCount(kind: Packed, bytes: Uint8Array, pos: number, length: number): number {
  if (kind === 'packed64') return Math.ceil(length / 8);
  let count = 0;
  for (let i = pos; i < pos + length; i += 1) if ((bytes[i]! & 0x80) === 0) count += 1;
  return count;
}

/** Problems the scan found: too many messages, or messages nested too deep. */
export type ScanProblem = { kind: 'nodes' } | { kind: 'depth'; offset: number };

/**
 * Counts the messages of a protobuf request (`root` names its message) without decoding it, stopping at the
 * first problem. Bytes the scan cannot follow are left for the decoder to refuse.
 */
export function scanProtobuf(bytes: Uint8Array, root: string, maxNodes: number): ScanProblem | undefined {
  const at = { pos: 0 };
  const stack: Frame[] = [{ type: root, end: bytes.length }];
  let nodes = 1;
  try {
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (at.pos >= frame.end) {
        stack.pop();
        continue;
      }
      const tag = varint(bytes, at);
      const wire = tag % 8;
      const field = MESSAGE_FIELDS[frame.type]?.[Math.floor(tag / 8)];
      if (field === 'packed64' || field === 'packedVarint') nodes += 1; // unpacked, one element (or packed: below)
      if (wire === 0) varint(bytes, at);
      else if (wire === 1) at.pos += 8;
      else if (wire === 5) at.pos += 4;
      else if (wire !== 2) return undefined; // groups or garbage: the decoder's to refuse
      if (nodes > maxNodes) return { kind: 'nodes' };
      if (wire !== 2) continue;
      const length = varint(bytes, at);
      const end = at.pos + length;
      if (end > frame.end) return undefined;
      if (field === 'packed64' || field === 'packedVarint') {
        nodes += packedCount(field, bytes, at.pos, length) - 1;
        at.pos = end;
      } else if (field) {
        nodes += 1;
        if (stack.length >= MAX_INPUT_DEPTH) return { kind: 'depth', offset: at.pos };
        stack.push({ type: field, end });
      } else at.pos = end;
      if (nodes > maxNodes) return { kind: 'nodes' };
    }
  } catch (error) {
    if (error instanceof Truncated) return undefined;
    throw error;
  }
  return undefined;
}

const KINDS = {
  metrics: {
    root: 'ExportMetricsServiceRequest',
    decode: decodeMetricsRequest,
    tooMany: ALM_ERRORS.too_many_points,
  },
  logs: { root: 'ExportLogsServiceRequest', decode: decodeLogsRequest, tooMany: ALM_ERRORS.too_many_records },
} as const;

/** 413 naming the budget, with the push's own "too many" code (413 on its route already). */
function overBudget(kind: keyof typeof KINDS): DomainError {
  return new DomainError(
    'too_large',
    KINDS[kind].tooMany,
    `The ${KINDS[kind].root} holds more than ${MAX_OTLP_NODES} objects (resources, scopes, metrics, points, ` +
      `records, attributes and their values together, or numbers of a list): split it into smaller requests.`,
  );
}

function refuse(kind: keyof typeof KINDS, problem: Problem): DomainError {
  return invalidInput(
    ALM_ERRORS.invalid_payload,
    `The ${KINDS[kind].root} is invalid: ${problem.path} ${problem.message}.`,
    [problem],
  );
}

/**
 * The request of a push as the OTLP/HTTP JSON shape, once it is known to be within the budget, nested no
 * deeper than the input guard allows and free of U+0000 (the guard's own check, which JSON bodies pass in
 * preValidation and decoded protobuf must pass here): 413 or 400 otherwise. Only then may zod walk it.
 */
export function boundedRequest(payload: OtlpPayload, kind: keyof typeof KINDS): unknown {
  let request = payload.body;
  if (payload.encoding === 'protobuf') {
    const scan = scanProtobuf(payload.body, KINDS[kind].root, MAX_OTLP_NODES);
    if (scan?.kind === 'nodes') throw overBudget(kind);
    if (scan?.kind === 'depth')
      throw refuse(kind, {
        path: `byte ${scan.offset}`,
        message: `nests messages deeper than ${MAX_INPUT_DEPTH} levels`,
      });
    request = KINDS[kind].decode(payload.body);
    // a JSON body passed this very check in the input guard (http/input-guard.ts, preValidation) before the
    // route saw it: walking it again was ~2.5% of a push (issue 15 profile)
    const problem = findInputProblem(request);
    if (problem) throw refuse(kind, problem);
  } else if (countJsonNodes(request, MAX_OTLP_NODES) > MAX_OTLP_NODES) throw overBudget(kind);
  return request;
}
