/**
 * The OTLP answers of the Raw Data reads: OTLP/HTTP JSON objects (what `format=protobuf-json` sends), and the
 * same encoded as binary protobuf with the official definitions (the protobufjs static module of
 * opentelemetry-proto in the dependency `otlp-transformer-protos`, as otlp-protobuf.ts decodes pushes with).
 * Stored attributes are plain JSON values (otlp-common.ts `attributeObject`); here they become AnyValues again.
 */
import { createRequire } from 'node:module';

/** An OTLP JSON AnyValue (opentelemetry-proto common.proto), as the JSON encoding writes it. */
export type OtlpValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } };
export interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}

/** A message type of the generated module (the part of protobufjs' static-module API used here). */
interface MessageType {
  fromObject(object: object): object;
  encode(message: object): { finish(): Uint8Array };
}

interface GeneratedRoot {
  opentelemetry: {
    proto: {
      collector: {
        metrics: { v1: { ExportMetricsServiceRequest: MessageType } };
        logs: { v1: { ExportLogsServiceRequest: MessageType } };
      };
    };
  };
}

const root = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as GeneratedRoot;
const { metrics, logs } = root.opentelemetry.proto.collector;

/** A plain stored value as an OTLP AnyValue: integers as intValue (OTLP JSON writes int64 as a string). */
export function otlpValue(value: unknown): OtlpValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(otlpValue) } };
  if (value !== null && typeof value === 'object') return { kvlistValue: { values: keyValues(value) } };
  return { stringValue: '' };
}

/** A plain object as an OTLP KeyValue list; null values (an empty AnyValue when pushed) are left out. */
export function keyValues(object: object): OtlpKeyValue[] {
  return Object.entries(object)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => ({ key, value: otlpValue(value) }));
}

/** Epoch milliseconds as OTLP's fixed64 nanoseconds, a decimal string. */
export const nanosOf = (ms: number): string => (BigInt(Math.round(ms)) * 1_000_000n).toString();

/** A JSON object whose every value is JSON, the shape of what the reads build. */
export type OtlpJson = { [key: string]: unknown };

/** ExportMetricsServiceRequest as binary protobuf. */
export function encodeMetricsRequest(request: OtlpJson): Buffer {
  const type = metrics.v1.ExportMetricsServiceRequest;
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

const HEX_ID = /^[0-9a-f]+$/i;

/** OTLP JSON writes trace and span ids as hex; protobufjs' fromObject reads bytes from base64 or a buffer. */
function idsAsBytes(value: unknown, key?: string): unknown {
  if ((key === 'traceId' || key === 'spanId') && typeof value === 'string' && HEX_ID.test(value))
    return Buffer.from(value, 'hex');
  if (Array.isArray(value)) return value.map((item) => idsAsBytes(item));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, idsAsBytes(v, k)]));
  return value;
}

/** ExportLogsServiceRequest as binary protobuf (trace and span ids from their OTLP JSON hex). */
export function encodeLogsRequest(request: OtlpJson): Buffer {
  const type = logs.v1.ExportLogsServiceRequest;
  return Buffer.from(type.encode(type.fromObject(idsAsBytes(request) as object)).finish());
}
