/**
 * OTLP/HTTP binary protobuf, decoded and encoded with the official OTLP definitions: the protobufjs static
 * module that the OpenTelemetry project compiles from opentelemetry-proto and publishes in
 * @opentelemetry/otlp-transformer 0.210 (the dependency `otlp-transformer-protos`; README.md, "OTLP inbound",
 * says why that release). A decoded request is turned into the OTLP/HTTP JSON shape, so that one set of
 * validators (otlp-metrics.ts, otlp-logs.ts) checks both encodings and names problems by the same JSON paths.
 */
import { createRequire } from 'node:module';
import { invalidInput } from '../shared/index.js';
import { ALM_ERRORS } from './errors.js';
import type { Rejection } from './otlp-common.js';

/** protobufjs' conversion options (protobufjs/minimal's IConversionOptions, the part used here). */
interface ConversionOptions {
  longs: StringConstructor;
  enums: NumberConstructor;
  bytes: StringConstructor;
  arrays: boolean;
  json: boolean;
}

/** A message type of the generated module: the static methods of every protobufjs static-module class. */
interface MessageType {
  decode(bytes: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  fromObject(object: Record<string, unknown>): object;
  toObject(message: object, options: ConversionOptions): Record<string, unknown>;
}

interface GeneratedRoot {
  opentelemetry: {
    proto: {
      collector: {
        metrics: { v1: { ExportMetricsServiceRequest: MessageType; ExportMetricsServiceResponse: MessageType } };
        logs: { v1: { ExportLogsServiceRequest: MessageType; ExportLogsServiceResponse: MessageType } };
      };
    };
  };
}

const root = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as GeneratedRoot;
const { metrics, logs } = root.opentelemetry.proto.collector;

/**
 * The proto3 JSON mapping with OTLP's deviations: 64-bit integers as decimal strings, enums as numbers,
 * NaN and infinities as "NaN"/"Infinity"/"-Infinity" (`json`), repeated fields always present (an empty
 * `metrics` list is then [] as in JSON, not missing), bytes as base64 (AnyValue.bytesValue) except
 * trace and span ids, which OTLP JSON writes as hex (`hexIds`).
 */
const JSON_FORM: ConversionOptions = { longs: String, enums: Number, bytes: String, arrays: true, json: true };

function decode(type: MessageType, bytes: Uint8Array, what: string): Record<string, unknown> {
  let message: object;
  try {
    message = type.decode(bytes);
  } catch (error) {
    // protobufjs names the wire problem ("index out of range: 9 + 10 > 12", "invalid wire type 7 at offset 3")
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidInput(
      ALM_ERRORS.invalid_protobuf,
      `The body is not a valid protobuf ${what} (Content-Type: application/x-protobuf): ${reason.slice(0, 200)}.`,
      [{ path: '$', message: reason.slice(0, 200) }],
    );
  }
  return type.toObject(message, JSON_FORM);
}

const base64ToHex = (value: unknown) =>
  typeof value === 'string' ? Buffer.from(value, 'base64').toString('hex') : value;

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** traceId and spanId of each log record from base64 to lowercase hex, as OTLP JSON writes them. */
function hexIds(request: Json): Json {
  for (const resourceLogs of list(request['resourceLogs']))
    for (const scopeLogs of list(resourceLogs['scopeLogs']))
      for (const record of list(scopeLogs['logRecords'])) {
        for (const id of ['traceId', 'spanId']) if (id in record) record[id] = base64ToHex(record[id]);
      }
  return request;
}

/** An OTLP request body as the route received it: parsed JSON, or the protobuf bytes. */
export type OtlpPayload =
  { readonly encoding: 'json'; readonly body: unknown } | { readonly encoding: 'protobuf'; readonly body: Uint8Array };

/** An ExportMetricsServiceRequest in the OTLP/HTTP JSON shape; 400 `alm.invalid_protobuf` when it does not decode. */
export function decodeMetricsRequest(bytes: Uint8Array): unknown {
  return decode(metrics.v1.ExportMetricsServiceRequest, bytes, 'ExportMetricsServiceRequest');
}

/** An ExportLogsServiceRequest in the OTLP/HTTP JSON shape (hex trace and span ids). */
export function decodeLogsRequest(bytes: Uint8Array): unknown {
  return hexIds(decode(logs.v1.ExportLogsServiceRequest, bytes, 'ExportLogsServiceRequest'));
}

/** Absent `rejection`: full success, and OTLP leaves `partial_success` unset then. */
function encode(type: MessageType, partialSuccess: Json | undefined): Buffer {
  const message = type.fromObject(partialSuccess ? { partialSuccess } : {});
  return Buffer.from(type.encode(message).finish());
}

/** The binary ExportMetricsServiceResponse. */
export function encodeMetricsResponse(rejection: Rejection | undefined): Buffer {
  return encode(
    metrics.v1.ExportMetricsServiceResponse,
    rejection && { rejectedDataPoints: rejection.rejected, errorMessage: rejection.errorMessage },
  );
}

/** The binary ExportLogsServiceResponse. */
export function encodeLogsResponse(rejection: Rejection | undefined): Buffer {
  return encode(
    logs.v1.ExportLogsServiceResponse,
    rejection && { rejectedLogRecords: rejection.rejected, errorMessage: rejection.errorMessage },
  );
}
