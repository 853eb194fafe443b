/**
 * The process logger (pino, JSON lines). Redaction is the safety net: code never logs a secret on
 * purpose, and this makes sure one that slips into a logged object comes out as "[redacted]".
 *
 * pino's `redact.paths` match fixed paths only (`*.*.secret` stops at the depth written down), so instead
 * every logged object is walked and any field named like a secret is masked at any depth, by the same
 * name rule as service keys use (isSecretFieldName: `secretCandidates`, `client_secret`, `privateKey`, ...).
 */
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { isSecretFieldName, redactServiceKey } from '../service-key/index.js';

export const LOG_MASK = '[redacted]';

/** HTTP headers that carry credentials; their names do not look like secrets. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-cf-encoded-credentials',
]);
/** Deeper than any object we log; cuts off pathological or circular input instead of recursing forever. */
const MAX_DEPTH = 32;

const isSecretName = (name: string) => isSecretFieldName(name) || CREDENTIAL_HEADERS.has(name.toLowerCase());
/** null, "" and booleans (`hasSecret: true`) hold nothing secret and help diagnosis. */
const canHoldSecret = (value: unknown) =>
  value !== null && value !== undefined && value !== '' && typeof value !== 'boolean';

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with secret-named fields masked at any depth, and string values that are secrets by
 * their shape (a private key PEM, a binding secret) masked too. By default only plain objects and arrays
 * are walked: class instances (fastify's request and reply, errors) are left to their serializers, which
 * log safe fields only. `everyObject` walks all objects, for the output of a serializer.
 */
export function redactLogObject<T>(value: T, options: { everyObject?: boolean } = {}): T {
  return walk(value, 0, new Set(), options.everyObject ?? false) as T;
}

function walk(value: unknown, depth: number, ancestors: Set<object>, everyObject: boolean): unknown {
  if (typeof value === 'string') return redactServiceKey(value) === value ? value : LOG_MASK;
  if (typeof value !== 'object' || value === null) return value;
  if (!everyObject && !Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= MAX_DEPTH || ancestors.has(value)) return LOG_MASK;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, ancestors, everyObject));
    // fromEntries defines own properties: a "__proto__" field stays a field
    return Object.fromEntries(
      Object.entries(value).map(([name, field]) => [
        name,
        isSecretName(name) && canHoldSecret(field) ? LOG_MASK : walk(field, depth + 1, ancestors, everyObject),
      ]),
    );
  } finally {
    ancestors.delete(value);
  }
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'calm-keys' },
      // Runs on every logged object before the serializers below.
      formatters: { log: (object) => redactLogObject(object) },
      serializers: {
        // A client may put a secret in the query string (client_secret=, access_token=): log the path only.
        req: (req: { method?: string; url?: string; id?: unknown }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
        }),
        // An error's own fields (a driver's `parameters`, a `config` with headers) pass through the same walk.
        err: (error: Error) => redactLogObject(stdSerializers.err(error), { everyObject: true }),
      },
    },
    destination,
  );
}

export type { Logger };
