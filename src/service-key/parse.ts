/**
 * Rule F1 and the input decisions SAP leaves open: bytes or text of at most 64 KiB, UTF-8 with an optional
 * BOM, CRLF or LF, one JSON object, optionally wrapped as cf CLI v8 prints it. Returns exactly one problem
 * when the input is refused, because one clear sentence helps more than a cascade of follow-on errors.
 */
import { TextDecoder } from 'node:util';
import type { Problem } from '../shared/index.js';
import { isJsonObject, jsonTypeName, ownField, withArticle } from './fields.js';
import { findJsonSyntaxError, lineAndColumn, maxNestingDepth } from './json-syntax.js';
import { MAX_SERVICE_KEY_BYTES, RULE_F1_JSON, RULE_SIZE, WARN_WRAPPER } from './rules.js';
import type { ServiceKeyRuleId } from './errors.js';
import type { JsonObject, ParsedServiceKey } from './service-key.types.js';

export type ParseOutcome =
  | { readonly ok: true; readonly key: ParsedServiceKey; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problem: Problem };

export interface ParseOptions {
  /** The file's full size when `input` is only its first bytes (see ValidateOptions.totalBytes). */
  readonly totalBytes?: number;
}

/** A key nests three levels (`uaa.*`); anything far deeper is not a key, and deep values overflow recursion. */
const MAX_NESTING_DEPTH = 32;
const BOM = '\uFEFF';

const refuse = (message: string, rule: ServiceKeyRuleId = RULE_F1_JSON): ParseOutcome => ({
  ok: false,
  problem: { path: '$', rule, message },
});

export function parseServiceKey(input: string | Uint8Array, options: ParseOptions = {}): ParseOutcome {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    return refuse(`The service key must be given as text or bytes, not ${withArticle(jsonTypeName(input))}.`);
  }
  const size = Math.max(
    options.totalBytes ?? 0,
    typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength,
  );
  if (size > MAX_SERVICE_KEY_BYTES) {
    return refuse(
      `The file is ${describeSize(size)}; a service key is a small JSON document of at most 64 KiB. Did you pick the wrong file?`,
      RULE_SIZE,
    );
  }
  const raw = typeof input === 'string' ? input : decodeUtf8(input);
  if (raw === undefined) return refuse(notUtf8Message(input as Uint8Array));

  const body = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  if (body.length === 0)
    return refuse(
      'The file is empty. A service key is a JSON object that starts with {; download it again from the BTP cockpit.',
    );
  if (body.trim() === '')
    return refuse(
      'The file contains only blank space. A service key is a JSON object that starts with {; download it again from the BTP cockpit.',
    );

  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return refuse(notJsonMessage(body));
  }
  if (!isJsonObject(value)) {
    return refuse(
      `The file is JSON of the wrong type: ${withArticle(jsonTypeName(value))}. A service key is a JSON object, {"uaa": {...}, "endpoints": {...}}.`,
    );
  }
  const depth = maxNestingDepth(body);
  if (depth > MAX_NESTING_DEPTH) {
    return refuse(
      `The JSON nests ${depth} levels deep; a service key nests 3 ({"uaa": {...}}). This file is not a service key.`,
    );
  }
  return unwrap(raw, value);
}

/** cf CLI v8 prints `{"credentials": {...key...}}`; v6 and v7 printed the key itself. */
function unwrap(raw: string, document: JsonObject): ParseOutcome {
  const inner = ownField(document, 'credentials');
  if (ownField(document, 'uaa') !== undefined || !isJsonObject(inner)) {
    return { ok: true, key: { raw, document, keyText: raw }, warnings: [] };
  }
  const warning: Problem = {
    path: 'credentials',
    rule: WARN_WRAPPER,
    message:
      'The key is wrapped in {"credentials": ...}, as the cf CLI v8 prints it; the key inside was checked. ' +
      'Other tools expect the bare key object, so prefer uploading only the part inside "credentials".',
  };
  // Safe to stringify: nesting is bounded above.
  const keyText = `${JSON.stringify(inner, null, 2)}\n`;
  return { ok: true, key: { raw, document: inner, wrapper: 'credentials', keyText }, warnings: [warning] };
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM keeps a BOM in the text, so `raw` re-encodes to exactly the bytes received.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function notUtf8Message(bytes: Uint8Array): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return utf16
    ? 'The file is saved as UTF-16 text. Save it as UTF-8 (the encoding the BTP cockpit downloads) and try again.'
    : 'The file is not UTF-8 text; it looks like a binary file. A service key is a JSON text file. Did you pick the wrong file?';
}

function notJsonMessage(body: string): string {
  const error = findJsonSyntaxError(body);
  // JSON.parse and the locator agree by construction (a property test pins it); stay useful if they ever do not.
  if (error === undefined) return 'The file is not valid JSON.';
  const { line, column } = lineAndColumn(body, error.offset);
  const at = `at line ${line} column ${column}`;
  if (error.trailing) {
    return `The file is not valid JSON: there is more text after the JSON value, ${at}. A file holds one key; remove everything after its closing }.`;
  }
  if (error.found === undefined) {
    return `The file is not valid JSON: unexpected end of input ${at} — the file may be truncated.`;
  }
  return `The file is not valid JSON: unexpected ${describeChar(error.found)} ${at}, where ${error.expected} was expected.${hintFor(body, error.offset, error.found)}`;
}

function hintFor(body: string, offset: number, found: string): string {
  if (found === "'") return ' JSON needs double quotes (") around names and strings.';
  if (body.slice(0, offset).trim() === '' && body.indexOf('{') > offset) {
    return ' The file starts with text before the JSON (such as the cf CLI\'s "Getting key ..." line); remove everything before the first {.';
  }
  return '';
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `character ${JSON.stringify(c)}`;
}

function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024).toFixed(1)} KiB)`;
}
