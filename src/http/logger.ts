/**
 * The process logger (pino, JSON lines). Redaction is the safety net: code never logs a secret on
 * purpose, and these paths make sure one that slips into a logged object comes out as "[redacted]".
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { SECRET_FIELD_NAMES } from '../service-key/index.js';

const HEADER_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-cf-encoded-credentials"]', 'res.headers["set-cookie"]'];

/** Field names redacted wherever they appear up to three levels deep in a logged object. */
const FIELDS = [...new Set([...SECRET_FIELD_NAMES, 'client_secret', 'password', 'token', 'access_token', 'sessionToken', 'oneTimePassword', 'masterKey', 'privateKeyPem'])];

export function redactPaths(): string[] {
  const paths = [...HEADER_PATHS];
  for (const field of FIELDS) {
    const access = /^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`;
    paths.push(access.startsWith('.') ? field : access, `*${access}`, `*.*${access}`);
  }
  return paths;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      base: { service: 'calm-keys' },
      // A client may put a secret in the query string (client_secret=, access_token=): log the path only.
      serializers: {
        req: (req: { method?: string; url?: string; id?: unknown }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
      },
    },
    destination,
  );
}

export type { Logger };
