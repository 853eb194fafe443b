/**
 * Redaction of keys for display and logs. The contract: the output keeps no secret material at all (no
 * prefix, no length, no hash), so nothing can be learned from it; everything else is kept for diagnosis.
 * The binding id before the `$` of a secret is not secret, but is masked too: one simple rule is safer.
 */
import type { PublicValidationReport, ValidationReport } from './service-key.types.js';

export const SECRET_MASK = '••••••(masked)';

/**
 * Field names that hold secrets in keys, token responses and our own records, for pino's `redact.paths`
 * (which matches exact names, e.g. `*.clientsecret`). HTTP headers (authorization, cookie) are the http
 * module's to add. isSecretFieldName() is the broader rule used here.
 */
export const SECRET_FIELD_NAMES: readonly string[] = [
  'clientsecret',
  'client_secret',
  'clientSecret',
  'secret',
  'key',
  'privateKey',
  'private_key',
  'privatekey',
  'password',
  'passwd',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'apiToken',
  'api_token',
  'sessionToken',
  'masterKey',
  'master_key',
  'privateKeyPem',
  'oneTimePassword',
];

const SECRET_NAME = /secret|passw(?:or)?d|private|^key$|^master_?key$|token$/i;

export function isSecretFieldName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Values that are secrets wherever they appear: a private key PEM, a binding secret `<uuid>$<base64>`. */
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const BINDING_SECRET_VALUE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\$[A-Za-z0-9+/_=-]+/gi;

const BINDING_SECRET_TEST = new RegExp(BINDING_SECRET_VALUE.source, 'i'); // no `g`: test() must not keep state
const looksSecret = (value: string): boolean => PRIVATE_KEY_PEM.test(value) || BINDING_SECRET_TEST.test(value);

/** Deep enough for any key; cuts off (and masks) pathological or circular input instead of recursing forever. */
const MAX_DEPTH = 64;

/** A deep copy of `value` with every secret-bearing field masked. Works on any JSON-like value. */
export function redactServiceKey<T>(value: T): T {
  return redactValue(value, 0, new Set()) as T;
}

function redactValue(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return looksSecret(value) ? SECRET_MASK : value;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (depth >= MAX_DEPTH || ancestors.has(value)) return SECRET_MASK;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, ancestors));
    // fromEntries defines own properties, so a "__proto__" field stays a field and never becomes a prototype
    return Object.fromEntries(
      Object.entries(value).map(([name, field]) => [
        name,
        isSecretFieldName(name) && canHoldSecret(field) ? SECRET_MASK : redactValue(field, depth + 1, ancestors),
      ]),
    );
  } finally {
    ancestors.delete(value);
  }
}

/**
 * null, "", and booleans (`hasClientSecret: true`) hold nothing secret, and showing them tells a user whether
 * the secret is there; everything else under a secret name is masked whole, objects and arrays included.
 */
const canHoldSecret = (value: unknown): boolean =>
  value !== null && value !== undefined && value !== '' && typeof value !== 'boolean';

/** JSON `"name": "value"` (the value possibly cut off by truncation) or `"name": bare-token`. */
const JSON_FIELD = /("(?:[^"\\\n]|\\.)*")(\s*:\s*)(?:"((?:[^"\\]|\\.)*)("?)|([^\s"{[,}\]][^\s,}\]]*))/g;
/** `name: value` / `name=value` outside JSON (YAML, .env, a form body pasted into a file). */
const LOOSE_FIELD = /\b(client_?secret|secret|password|passwd|private_?key|master_?key)(\s*[:=]\s*)([^\s"',&}]+)/gi;
/** A PEM private key block, up to its END line, the end of the JSON string holding it, or the end of the text. */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[^"]*?(?:-----END \1-----|(?="|$))/g;

/**
 * Masks secrets in text that may not be valid JSON (a truncated or broken upload that must be shown or
 * logged). Pattern-based, so it is a best effort for odd shapes, but it covers every field and value shape
 * that secrets take in service keys, including a value cut off by truncation.
 */
export function redactServiceKeyText(raw: string): string {
  return raw
    .replace(PEM_BLOCK, (_match, label: string) => `-----BEGIN ${label}-----${SECRET_MASK}-----END ${label}-----`)
    .replace(
      JSON_FIELD,
      (
        match,
        name: string,
        colon: string,
        str: string | undefined,
        close: string | undefined,
        bare: string | undefined,
      ) => {
        if (!isSecretFieldName(unquote(name))) return match;
        if (str !== undefined) return str === '' ? match : `${name}${colon}"${SECRET_MASK}${close ?? ''}`;
        return bare === undefined || bare === 'null' ? match : `${name}${colon}"${SECRET_MASK}"`;
      },
    )
    .replace(LOOSE_FIELD, (_match, name: string, separator: string) => `${name}${separator}${SECRET_MASK}`)
    .replace(BINDING_SECRET_VALUE, SECRET_MASK);
}

function unquote(token: string): string {
  try {
    const value: unknown = JSON.parse(token);
    return typeof value === 'string' ? value : token;
  } catch {
    return token.slice(1, -1);
  }
}

/** The part of a validation report that may leave the process: rules, paths, messages and the summary. */
export function redactValidationReport(report: ValidationReport): PublicValidationReport {
  const key = report.key;
  const out: PublicValidationReport = {
    valid: report.valid,
    errors: report.errors,
    warnings: report.warnings,
    ...(key?.wrapper === undefined ? {} : { wrapper: key.wrapper }),
    ...(key === undefined ? {} : { summary: key.summary }),
  };
  // The summary holds no secret by construction; redacting anyway keeps that true if a field is ever added.
  return redactServiceKey(out);
}
