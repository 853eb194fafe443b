/**
 * A property-based fuzz over every operation of the OpenAPI document (docs/openapi.json), against the real
 * `calm-keys serve` as a child process, on SQLite and (when reachable) PostgreSQL. For each operation fast-check
 * builds requests from its declaration: path parameters (ids of a landscape made here, random, unicode, very
 * long, `..`, percent-encodings), declared and undeclared query parameters, bodies from the declared request
 * schema (valid, with wrong types, huge numbers, deep nesting, NUL and lone surrogates, arbitrary JSON,
 * garbage), any content type, and `Content-Encoding: gzip` with valid gzip, invalid gzip and a gzip bomb, on
 * routes that read bodies and routes that do not. It signs in as the admin, as a user with no role, and gets a
 * Cloud ALM API token, so the handlers behind authentication are reached, not only the 401s.
 *
 * Every answer must be below 500 (or 503 with Retry-After: the store unavailable), carry no stack trace or
 * source path, and an error's body must have the shape the document declares (ErrorBody, OAuthError or
 * ServiceManagerError). Afterwards the process must be alive, /healthz 200, and neither stderr nor the log may
 * hold an uncaught exception or an error-level line.
 *
 * The seed is fixed and printed (CALM_KEYS_FUZZ_SEED to change it); CALM_KEYS_FUZZ_RUNS sets the runs per
 * operation and database (default 15: some 3,000 requests in all, well under a minute on a loaded 2-core
 * machine). A failure prints fast-check's shrunk counter-example.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import pg from 'pg';
import { Agent, request } from 'undici';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { httpClient, signIn, type HttpClient, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, monitoredObject, tokenFor, userWithRoles } from './support/landscape.js';
import { TEST_PG_URL, testDatabaseKinds } from '../src/store/test-support/databases.js';

/** Every scope of the Cloud ALM API, so that the token reaches each handler, not only its 403. */
const ALL_SCOPES = [
  'analytics',
  'bsm',
  'defects',
  'exm',
  'hm',
  'landscape',
  'logs',
  'metrics',
  'projects',
  'tasks',
].flatMap((area) => [`${area}.read`, `${area}.write`]);

const SEED = Number(process.env.CALM_KEYS_FUZZ_SEED ?? 16_2026);
const RUNS = Number(process.env.CALM_KEYS_FUZZ_RUNS ?? 15);

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  op: Schema;
}

const doc = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8')) as Schema;
// DELETE last: a valid one removes what the other operations' valid ids name
const operations: Operation[] = Object.entries(doc.paths as Record<string, Schema>)
  .flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as Schema })),
  )
  .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

function deref(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++)
    s = doc.components.schemas[(s.$ref as string).replace('#/components/schemas/', '')] as Schema;
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// values

/** Strings that break things: NUL, lone surrogates, RTL, emoji, SQL and path tricks, very long. */
const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '😀🏳️‍🌈',
    "' or 1=1 --",
    '%00',
    '../../etc/passwd',
    '${jndi:ldap://x}',
    '__proto__',
    'constructor',
    '2023-02-30',
    '9999-12-31T23:59:59.999Z',
    '-1',
    'NaN',
    'null',
    'true',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  // long, and now and then over node's 16 KiB header limit (a 431 before routing)
  fc
    .oneof({ weight: 4, arbitrary: fc.integer({ min: 101, max: 3_000 }) }, fc.integer({ min: 16_000, max: 70_000 }))
    .map((n) => 'x'.repeat(n)),
);

const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  0.1,
  -0,
  5e-324,
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  hugeNumber,
  fc.constant(null),
  fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** An arbitrary for a JSON schema; with `wrong`, any node may be replaced by a value of another type. */
function fromSchema(schema: Schema | undefined, wrong: boolean, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(schema);
  const right = (() => {
    if (depth > 6) return fc.constant(null);
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, wrong, depth + 1)));
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'string': {
        const min = (s.minLength as number | undefined) ?? 0;
        const max = Math.min((s.maxLength as number | undefined) ?? 40, 60);
        const plain = fc.string({ minLength: min, maxLength: Math.max(min, max) });
        const pattern = typeof s.pattern === 'string' ? safeRegex(s.pattern) : undefined;
        return fc.oneof(
          { weight: 4, arbitrary: pattern ? fc.stringMatching(pattern) : plain },
          { weight: 1, arbitrary: s.format === 'uri' ? fc.webUrl() : plain },
          { weight: 1, arbitrary: fc.constantFrom('2024-01-31', '2026-12-02T10:00:00Z', 'https://example.com/x') },
        );
      }
      case 'integer':
        return fc.integer({
          min: Math.max((s.minimum as number | undefined) ?? -1000, -1e9),
          max: Math.min((s.maximum as number | undefined) ?? 1e6, 1e9),
        });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(fromSchema(s.items as Schema, wrong, depth + 1), { maxLength: 3 });
      case 'object':
      case undefined: {
        const props = (s.properties ?? {}) as Record<string, Schema>;
        const required = new Set((s.required ?? []) as string[]);
        const keys = Object.keys(props);
        if (keys.length === 0)
          return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
        return fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(props[k], wrong, depth + 1)])), {
          requiredKeys: keys.filter((k) => required.has(k) && !wrong),
        });
      }
      default:
        return anyJson;
    }
  })();
  if (!wrong) return right;
  return fc.oneof(
    { weight: 5, arbitrary: right },
    { weight: 1, arbitrary: fc.oneof(anyJson, hugeNumber, nastyString) },
  );
}

function safeRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// requests

interface Ids {
  /** Valid values by parameter name (tenantId, id, ...), all the landscape's ids for names not listed. */
  byName: Record<string, string[]>;
  all: string[];
}

interface Credentials {
  adminCookie: string;
  nobodyCookie: string;
  apiToken: string;
  almToken: string;
  clientBasic: string;
}

type AuthKind = 'none' | 'admin' | 'nobody' | 'apiToken' | 'alm' | 'garbageBearer' | 'clientBasic' | 'garbageBasic';
type BodyKind = 'none' | 'valid' | 'wrong' | 'json' | 'raw' | 'deep' | 'form' | 'multipart' | 'protobuf';
type EncodingKind = 'none' | 'gzip' | 'badGzip' | 'truncatedGzip' | 'bomb' | 'other';

interface FuzzRequest {
  method: string;
  url: string;
  auth: AuthKind;
  contentType: string | undefined;
  bodyKind: BodyKind;
  body: string | undefined;
  encoding: EncodingKind;
  encodingHeader: string | undefined;
  extraHeaders: Record<string, string>;
}

/** Raw path segments that decode to tricks; each is a valid request target. */
const rawSegments = [
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2F',
  '%00',
  '%',
  '%zz',
  '%c0%ae',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%20',
  'a;b',
  '*',
  '~',
  '%252e',
];

/** Valid ids for `{name}` in `path`, by the segment before it (`tasks/{id}`: tasks), else by the name. */
function validIds(path: string, name: string, ids: Ids): string[] {
  const before = new RegExp(`([^/]+)/\\{${name}\\}`).exec(path)?.[1];
  return ids.byName[`${before}/${name}`] ?? ids.byName[name] ?? ids.all;
}

function pathParam(path: string, name: string, ids: Ids): fc.Arbitrary<string> {
  const valid = validIds(path, name, ids);
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...valid).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom(...rawSegments) },
    { weight: 2, arbitrary: nastyString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

/** A query value as text; objects (null-prototype ones too, which String() refuses) as JSON. */
const asText = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

function queryArb(op: Schema): fc.Arbitrary<string> {
  const declared = ((op.parameters ?? []) as Schema[]).filter((p) => p.in === 'query');
  const pair = (name: string, value: fc.Arbitrary<unknown>) =>
    value.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(asText(v).replace(/[\ud800-\udfff]/g, '?'))}`);
  const declaredPairs = declared.map((p) =>
    fc.option(
      fc.oneof(
        pair(p.name as string, fromSchema(p.schema as Schema, false)),
        pair(p.name as string, nastyString),
        // the same name twice: fastify makes an array of it
        fc
          .tuple(pair(p.name as string, fromSchema(p.schema as Schema, false)), pair(p.name as string, fc.string()))
          .map(([a, b]) => `${a}&${b}`),
        fc.constant(`${encodeURIComponent(p.name as string)}`),
        fc.constant(`${encodeURIComponent(p.name as string)}[a]=1`),
      ),
      { freq: 2 },
    ),
  );
  const extra = fc.array(
    fc.oneof(
      pair('x', nastyString),
      fc.constantFrom(
        '__proto__[x]=1',
        'constructor[prototype][x]=1',
        '%zz=1',
        'a=%',
        '&&&',
        '=',
        '$filter=x',
        '$top=-1',
      ),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...declaredPairs), extra).map(([d, e]) => {
    const parts = [...d.filter((x): x is string => x !== null), ...e];
    return parts.length ? `?${parts.join('&')}` : '';
  });
}

function jsonSchemaOf(op: Schema): Schema | undefined {
  const content = (op.requestBody?.content ?? {}) as Record<string, Schema>;
  return (content['application/json'] ?? content['application/x-www-form-urlencoded'])?.schema as Schema | undefined;
}

const deepBody = fc
  .oneof(fc.integer({ min: 60, max: 70 }), fc.constantFrom(1_000, 20_000))
  .chain((n) => fc.constantFrom('['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n)));

const rawBody = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":1',
    'null',
    '[]',
    '"x"',
    '1e400',
    '123456789012345678901234567890',
    '{"a":1}{"b":2}',
    '\u0000',
    '\ufeff{}',
    '{"__proto__":{"x":1}}',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

function bodyArb(op: Schema): fc.Arbitrary<{ kind: BodyKind; body: string | undefined }> {
  const schema = jsonSchemaOf(op);
  const json = (kind: BodyKind, a: fc.Arbitrary<unknown>) =>
    a.map((v) => ({ kind, body: JSON.stringify(v) ?? 'null' }));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as BodyKind, body: undefined }) },
    { weight: schema ? 5 : 1, arbitrary: json('valid', fromSchema(schema, false)) },
    { weight: schema ? 4 : 1, arbitrary: json('wrong', fromSchema(schema, true)) },
    { weight: 1, arbitrary: json('json', anyJson) },
    { weight: 1, arbitrary: rawBody.map((body) => ({ kind: 'raw' as BodyKind, body })) },
    { weight: 1, arbitrary: deepBody.map((body) => ({ kind: 'deep' as BodyKind, body })) },
    {
      weight: 1,
      arbitrary: fc
        .dictionary(fc.string({ maxLength: 10 }), nastyString, { maxKeys: 4 })
        .map((d) => ({ kind: 'form' as BodyKind, body: new URLSearchParams(d).toString() })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('file', 'key', ''), rawBody).map(([name, content]) => ({
        kind: 'multipart' as BodyKind,
        body: `--fuzz\r\ncontent-disposition: form-data; name="${name}"; filename="k.txt"\r\ncontent-type: text/plain\r\n\r\n${content}\r\n--fuzz--\r\n`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 200 })
        .map((b) => ({ kind: 'protobuf' as BodyKind, body: Buffer.from(b).toString('latin1') })),
    },
  );
}

const contentTypeFor: Record<BodyKind, string[]> = {
  none: [],
  valid: ['application/json', 'application/json; charset=utf-8'],
  wrong: ['application/json'],
  json: ['application/json'],
  raw: ['application/json', 'text/plain'],
  deep: ['application/json'],
  form: ['application/x-www-form-urlencoded'],
  multipart: ['multipart/form-data; boundary=fuzz'],
  protobuf: ['application/x-protobuf', 'application/octet-stream'],
};

const strangeContentType = fc.constantFrom(
  'application/json; charset=utf-16',
  'application/x-protobuf; proto=opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/merge-patch+json',
  'text/html',
  'foo/bar;;;=',
  ';',
  'application/json, text/plain',
  'APPLICATION/JSON',
);

/** 8 MiB of zeros in some 8 KiB of gzip: far above every body limit once decompressed. */
const GZIP_BOMB = gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });

function requestArb(o: Operation, ids: Ids): fc.Arbitrary<FuzzRequest> {
  const names = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const security = ((o.op.security ?? []) as Schema[]).flatMap((s) => Object.keys(s));
  const declaredAuth: AuthKind[] = [
    ...(security.includes('session') ? (['admin', 'nobody'] as AuthKind[]) : []),
    ...(security.includes('apiToken') ? (['apiToken'] as AuthKind[]) : []),
    ...(security.includes('serviceKeyToken') ? (['alm'] as AuthKind[]) : []),
    ...(security.includes('clientBasic') ? (['clientBasic'] as AuthKind[]) : []),
  ];
  const auth = fc.oneof(
    { weight: 6, arbitrary: declaredAuth.length ? fc.constantFrom(...declaredAuth) : fc.constant<AuthKind>('none') },
    {
      weight: 1,
      arbitrary: fc.constantFrom<AuthKind>('none', 'admin', 'alm', 'garbageBearer', 'garbageBasic', 'clientBasic'),
    },
  );
  return fc.oneof({ weight: 2, arbitrary: wildArb(o, ids, names, auth) }, wellFormedArb(o, ids, names, declaredAuth));
}

/**
 * A request as a client that read the document sends it: the declared method, ids of the landscape, declared
 * query parameters, a body of the declared schema as JSON (or a form), the declared credentials; now and then
 * gzip. Without these, most requests end at the first check and the handlers behind it are never reached.
 */
function wellFormedArb(o: Operation, ids: Ids, names: string[], declaredAuth: AuthKind[]): fc.Arbitrary<FuzzRequest> {
  const declared = ((o.op.parameters ?? []) as Schema[]).filter((p) => p.in === 'query');
  const content = (o.op.requestBody?.content ?? {}) as Record<string, Schema>;
  const form = !content['application/json'] && content['application/x-www-form-urlencoded'] !== undefined;
  const schema = jsonSchemaOf(o.op);
  return fc
    .record({
      params: fc.tuple(...names.map((n) => fc.constantFrom(...validIds(o.path, n, ids)).map(encodeURIComponent))),
      query: fc.tuple(
        ...declared.map((p) =>
          fc.option(
            fromSchema(p.schema as Schema, false).map(
              (v) => `${encodeURIComponent(p.name as string)}=${encodeURIComponent(asText(v))}`,
            ),
            { freq: 2 },
          ),
        ),
      ),
      auth: declaredAuth.length ? fc.constantFrom(...declaredAuth) : fc.constant<AuthKind>('none'),
      body: schema ? fromSchema(schema, false).map((v) => v as Record<string, unknown>) : fc.constant(undefined),
      gzip: fc.boolean(),
    })
    .map((r) => {
      let path = o.path;
      names.forEach((n, i) => (path = path.replace(`{${n}}`, r.params[i]!)));
      const query = r.query.filter((x): x is string => x !== null);
      const body =
        r.body === undefined
          ? undefined
          : form
            ? new URLSearchParams(
                Object.entries(r.body ?? {}).map(([k, v]) => [k, asText(v)] as [string, string]),
              ).toString()
            : JSON.stringify(r.body);
      const gzip = r.gzip && body !== undefined;
      return {
        method: o.method,
        url: `${path}${query.length ? `?${query.join('&')}` : ''}`,
        auth: r.auth,
        contentType: body === undefined ? undefined : form ? 'application/x-www-form-urlencoded' : 'application/json',
        bodyKind: (body === undefined ? 'none' : form ? 'form' : 'valid') as BodyKind,
        body,
        encoding: (gzip ? 'gzip' : 'none') as EncodingKind,
        encodingHeader: gzip ? 'gzip' : undefined,
        extraHeaders: {},
      };
    });
}

/** Anything: other methods, tricky ids, undeclared parameters, bodies and media types of every kind, bad gzip. */
function wildArb(o: Operation, ids: Ids, names: string[], auth: fc.Arbitrary<AuthKind>): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 9, arbitrary: fc.constant(o.method) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
      ),
      params: fc.tuple(...names.map((n) => pathParam(o.path, n, ids))),
      query: queryArb(o.op),
      auth,
      body: bodyArb(o.op),
      strangeType: fc.option(strangeContentType, { freq: 6 }),
      encoding: fc.oneof(
        { weight: 6, arbitrary: fc.constant<EncodingKind>('none') },
        { weight: 4, arbitrary: fc.constantFrom<EncodingKind>('gzip', 'badGzip', 'truncatedGzip', 'bomb', 'other') },
      ),
      otherEncoding: fc.constantFrom('br', 'deflate', 'gzip, gzip', 'x-gzip', ' GZIP ', 'identity, gzip'),
      requestId: fc.option(fc.string({ unit: 'binary-ascii', maxLength: 300 }), { freq: 5 }),
      accept: fc.option(
        fc.constantFrom('application/json', 'text/html', '*/*', 'application/x-protobuf', 'x/y;q=abc'),
        {
          freq: 4,
        },
      ),
    })
    .chain((r) => {
      const kinds = contentTypeFor[r.body.kind];
      const typeArb =
        r.strangeType !== null
          ? fc.constant<string | undefined>(r.strangeType)
          : kinds.length
            ? fc.constantFrom<string | undefined>(...kinds, ...(r.body.kind === 'raw' ? [undefined] : []))
            : fc.constant<string | undefined>(undefined);
      return typeArb.map((contentType) => {
        let path = o.path;
        names.forEach((n, i) => (path = path.replace(`{${n}}`, r.params[i]!)));
        const extraHeaders: Record<string, string> = {};
        if (r.requestId !== null)
          extraHeaders['x-request-id'] = [...r.requestId].filter((c) => c >= ' ' && c !== '\u007f').join('');
        if (r.accept !== null) extraHeaders.accept = r.accept;
        return {
          method: r.method,
          url: `${path}${r.query}`,
          auth: r.auth,
          contentType,
          bodyKind: r.body.kind,
          body: r.body.body,
          encoding: r.encoding,
          encodingHeader: r.encoding === 'none' ? undefined : r.encoding === 'other' ? r.otherEncoding : 'gzip',
          extraHeaders,
        };
      });
    });
}

function bodyBytes(r: FuzzRequest): Buffer | undefined {
  const plain = r.body === undefined ? undefined : Buffer.from(r.body, r.bodyKind === 'protobuf' ? 'latin1' : 'utf8');
  switch (r.encoding) {
    case 'none':
    case 'other':
      return plain;
    case 'gzip':
      return gzipSync(plain ?? Buffer.alloc(0));
    case 'badGzip':
      return Buffer.concat([Buffer.from('not gzip, not at all: '), plain ?? Buffer.alloc(0)]);
    case 'truncatedGzip': {
      const z = gzipSync(plain ?? Buffer.from('{"a":1}'));
      return z.subarray(0, Math.max(3, z.length - 6));
    }
    case 'bomb':
      return GZIP_BOMB;
  }
}

// ---------------------------------------------------------------------------------------------------------
// checks

const STACK = /\n\s+at \S|^\s+at .+:\d+:\d+|node_modules\/|\/src\/[\w/.-]+\.[tj]s|file:\/\/\//m;

/**
 * The error shape the document declares for this operation and status; when the status is not declared for it
 * or the request matched no operation (another method, a `..` that moved the path), the shape of its surface
 * (ErrorBody; OAuthError on the token endpoint and the JWKS; ServiceManagerError alone under /v1) or the REST
 * API's ErrorBody of an unknown route.
 */
function expectedErrorSchema(o: Operation | undefined, path: string, status: number): Schema {
  const responses = (o?.op.responses ?? {}) as Record<string, Schema>;
  const declared = responses[String(status)]?.content?.['application/json']?.schema as Schema | undefined;
  if (declared) return deref(declared);
  const surface = path.startsWith('/v1/')
    ? 'ServiceManagerError'
    : path.startsWith('/oauth/token') || path.startsWith('/token_keys')
      ? 'OAuthError'
      : 'ErrorBody';
  // under /v1 every answer has SAP's shape, a 404 of no route and a refusal before routing too; only Node's HTTP
  // parser, which refuses headers over 16 KiB before any route or path is known, answers ErrorBody (431)
  if (surface === 'ServiceManagerError' && status !== 431) return { $ref: '#/components/schemas/ServiceManagerError' };
  return { anyOf: [{ $ref: `#/components/schemas/${surface}` }, { $ref: '#/components/schemas/ErrorBody' }] };
}

/** Just enough of JSON Schema for the three error shapes: types, required, no extra properties, enums. */
function schemaProblem(value: unknown, schema: Schema, at = '$'): string | undefined {
  const s = deref(schema);
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives)
    return alternatives.some((a) => schemaProblem(value, a, at) === undefined)
      ? undefined
      : `${at}: no alternative fits`;
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return `${at}: not one of ${JSON.stringify(s.enum)}`;
  switch (s.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `${at}: not a string`;
    case 'number':
    case 'integer':
      return typeof value === 'number' ? undefined : `${at}: not a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${at}: not a boolean`;
    case 'array':
      if (!Array.isArray(value)) return `${at}: not an array`;
      for (const [i, v] of value.entries()) {
        const p = schemaProblem(v, s.items as Schema, `${at}[${i}]`);
        if (p) return p;
      }
      return undefined;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${at}: not an object`;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const k of (s.required ?? []) as string[]) if (!(k in value)) return `${at}.${k}: missing`;
      for (const [k, v] of Object.entries(value)) {
        if (!(k in props)) {
          if (s.additionalProperties === false) return `${at}.${k}: not declared`;
          continue;
        }
        const p = schemaProblem(v, props[k]!, `${at}.${k}`);
        if (p) return p;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function answerProblem(
  o: Operation,
  r: FuzzRequest,
  res: { status: number; headers: Record<string, unknown>; text: string },
): string | undefined {
  if (res.status >= 500 && !(res.status === 503 && res.headers['retry-after'] !== undefined))
    return `status ${res.status}`;
  if (STACK.test(res.text)) return 'a stack trace or a source path in the body';
  if (res.status < 400 || r.method === 'HEAD') return undefined;
  if (res.text === '') return `an empty ${res.status} body`;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `a ${res.status} body that is not JSON`;
  }
  // the route matched only when the method and every segment fit; otherwise the error is fastify's 404
  const path = new URL(r.url, 'https://x').pathname;
  // A path that does not decode (`%`, `%zz`) or with a segment over fastify's maxParamLength (100) matches no
  // route: the REST API's ErrorBody answers, also under /v1 where the Service Manager's shape is declared
  // (reported in issue 16, for the owner of routes/sm).
  const matched =
    r.method === o.method &&
    // `.` and `..` segments (also as %2e) are resolved by the client or the router into another path
    path === r.url.split('?')[0] &&
    !/%2e/i.test(r.url) &&
    decodes(path) &&
    path.split('/').every((segment) => segment.length <= 100);
  const schema = expectedErrorSchema(matched ? o : undefined, path, res.status);
  const problem = schemaProblem(body, schema);
  return problem ? `the ${res.status} body does not fit the declared error shape: ${problem}` : undefined;
}

/** The counter-example as JSON, long strings cut (a 70,000-character parameter is still shown as one). */
function short(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 200 ? `${v.slice(0, 60)}...(${v.length} chars)...${v.slice(-20)}` : v,
  );
}

// ---------------------------------------------------------------------------------------------------------
// the landscape and the run

async function createPgSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `fz_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

async function landscape(http: HttpClient): Promise<{ ids: Ids; creds: Credentials }> {
  // the helpers take a TestServer but use only its HTTP client
  const t = { http } as unknown as TestServer;
  const made = await monitoredObject(t, { kind: 'service', name: 'fuzz-service', objectType: 'SAP Cloud ALM' });
  const { tenant, objectId } = made;
  const adminCookie = await signIn(http, 'admin', ADMIN_PASSWORD);
  const key = await btpKey(t, adminCookie, tenant.subaccountId, undefined, ALL_SCOPES);
  const almToken = await tokenFor(t, key.keyText);
  const uaa = JSON.parse(key.keyText).uaa as { clientid: string; clientsecret: string };
  const nobodyCookie = await userWithRoles(t, adminCookie, 'fuzz-nobody', []);
  // the user the fuzz's valid user names point at: a valid lock, reset or delete hits it, not the callers
  await userWithRoles(t, adminCookie, 'fuzz-target', []);
  const token = await http.call('POST', '/auth/v1/tokens', { cookie: adminCookie, body: { name: 'fuzz' } });
  assert.equal(token.status, 201, token.text);
  const project = await http.call('POST', '/api/calm-projects/v1/projects', {
    token: almToken,
    body: { name: 'fuzz project' },
  });
  assert.equal(project.status, 201, project.text);
  const projectId = project.json().id as string;
  const task = await http.call('POST', '/api/calm-tasks/v1/tasks', {
    token: almToken,
    body: { projectId, title: 'fuzz task', type: 'CALMUS' },
  });
  const taskId = task.status === 201 ? (task.json().id as string) : projectId;
  const event = await http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/status-events`, {
    cookie: adminCookie,
    body: { objectId, eventType: 'Maintenance', title: 'fuzz' },
  });
  const eventId = event.status === 201 ? (event.json().id as string) : objectId;
  const timebox = await http.call('POST', `/api/calm-projects/v1/projects/${projectId}/timeboxes`, {
    token: almToken,
    body: { type: 2, name: 'fuzz sprint', startDate: '2026-12-07', endDate: '2026-12-18' },
  });
  const reference = await http.call('POST', `/api/calm-tasks/v1/tasks/${taskId}/references`, {
    token: almToken,
    body: { name: 'fuzz', url: 'https://example.com/fuzz' },
  });
  // a second API token, for DELETE /auth/v1/tokens/{id} to revoke instead of the one the fuzz signs with
  const spare = await http.call('POST', '/auth/v1/tokens', { cookie: adminCookie, body: { name: 'fuzz-spare' } });
  const idOf = (res: { status: number; json: () => any }, fallback: string): string =>
    res.status < 300 && typeof res.json().id === 'string' ? (res.json().id as string) : fallback;
  // the Service Manager's catalogue (platforms, offerings, plans), as a client of /v1 lists it
  const catalogue: Record<string, string[]> = {};
  for (const kind of ['platforms', 'service_offerings', 'service_plans', 'service_instances', 'service_bindings']) {
    const res = await http.call('GET', `/v1/${kind}?subaccount_id=${tenant.subaccountId}`, { cookie: adminCookie });
    const items = res.status === 200 ? ((res.json().items ?? []) as { id?: unknown }[]) : [];
    catalogue[`${kind}/id`] = items.map((item) => item.id).filter((id): id is string => typeof id === 'string');
  }
  const all = [
    tenant.tenantId,
    tenant.subaccountId,
    objectId,
    key.bindingId,
    key.instanceId,
    projectId,
    taskId,
    eventId,
  ];
  const some = (list: string[] | undefined, ...more: string[]) => [...new Set([...(list ?? []), ...more])];
  return {
    ids: {
      byName: {
        tenantId: [tenant.tenantId],
        username: ['admin', 'fuzz-target', 'no-such-user'],
        projectId: [projectId],
        eventId: [eventId],
        operationId: ['op-1'],
        'projects/id': [projectId],
        'timeboxes/id': [idOf(timebox, projectId)],
        'references/id': [idOf(reference, taskId)],
        'tasks/id': [taskId],
        'tokens/id': [idOf(spare, 'no-such-token')],
        'service_bindings/id': some(catalogue['service_bindings/id'], key.bindingId),
        'service_instances/id': some(catalogue['service_instances/id'], key.instanceId),
        'platforms/id': some(catalogue['platforms/id'], 'no-such-platform'),
        'service_offerings/id': some(catalogue['service_offerings/id'], 'no-such-offering'),
        'service_plans/id': some(catalogue['service_plans/id'], 'no-such-plan'),
        'subaccounts/id': [tenant.subaccountId],
        'managed-objects/id': [objectId],
      },
      all,
    },
    creds: {
      adminCookie,
      nobodyCookie,
      apiToken: token.json().token as string,
      almToken,
      clientBasic: Buffer.from(`${uaa.clientid}:${uaa.clientsecret}`).toString('base64'),
    },
  };
}

function headersFor(r: FuzzRequest, creds: Credentials, length: number | undefined): Record<string, string> {
  const h: Record<string, string> = { ...r.extraHeaders };
  if (r.contentType !== undefined) h['content-type'] = r.contentType;
  if (r.encodingHeader !== undefined) h['content-encoding'] = r.encodingHeader;
  if (length !== undefined) h['content-length'] = String(length);
  switch (r.auth) {
    case 'admin':
      h.cookie = creds.adminCookie;
      break;
    case 'nobody':
      h.cookie = creds.nobodyCookie;
      break;
    case 'apiToken':
      h.authorization = `Bearer ${creds.apiToken}`;
      break;
    case 'alm':
      h.authorization = `Bearer ${creds.almToken}`;
      break;
    case 'garbageBearer':
      h.authorization = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
      break;
    case 'clientBasic':
      h.authorization = `Basic ${creds.clientBasic}`;
      break;
    case 'garbageBasic':
      h.authorization = 'Basic %%%not-base64';
      break;
    case 'none':
      break;
  }
  return h;
}

/** Operations whose valid request would end the fuzz's own sessions or credentials. */
function spareCredentials(o: Operation, r: FuzzRequest): FuzzRequest {
  if (o.path === '/auth/v1/logout' && (r.auth === 'admin' || r.auth === 'nobody' || r.auth === 'apiToken'))
    return { ...r, auth: 'garbageBearer' };
  return r;
}

async function fuzzDatabase(database: 'sqlite' | 'postgres'): Promise<void> {
  const pgSchema = database === 'postgres' ? await createPgSchema() : undefined;
  const started = Date.now();
  const proc: ServeProcess = await startServeProcess({
    CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...(pgSchema ? { DATABASE_URL: pgSchema.url } : {}),
  });
  let log = '';
  proc.child.stdout!.on('data', (chunk: Buffer) => void (log += chunk.toString('utf8')));
  const http = httpClient(proc.url.origin, proc.ca);
  const dispatcher = new Agent({ connect: { ca: proc.ca }, headersTimeout: 30_000, bodyTimeout: 30_000 });
  let requests = 0;
  // what the fuzz reached: answers by status, and the operations that answered at least once with success
  const statuses = new Map<number, number>();
  const reached = new Set<string>();
  try {
    const { ids, creds } = await landscape(http);
    for (const o of operations) {
      const outcome = await fc.check(
        fc.asyncProperty(requestArb(o, ids), async (generated) => {
          const r = spareCredentials(o, generated);
          const body = bodyBytes(r);
          requests += 1;
          const res = await request(`${proc.url.origin}${r.url}`, {
            method: r.method as 'GET',
            headers: headersFor(r, creds, undefined),
            body,
            dispatcher,
          });
          const text = Buffer.from(await res.body.arrayBuffer()).toString('utf8');
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode < 400 && r.method === o.method) reached.add(`${o.method} ${o.path}`);
          const problem = answerProblem(o, r, { status: res.statusCode, headers: res.headers, text });
          assert.equal(proc.exited(), undefined, `the process ended:\n${proc.stderr()}`);
          assert.equal(problem, undefined, `${r.method} ${r.url.slice(0, 300)}: ${problem}\n${text.slice(0, 600)}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      if (outcome.failed) {
        const error =
          outcome.errorInstance instanceof Error ? outcome.errorInstance.message : String(outcome.errorInstance);
        throw new Error(
          `${o.method} ${o.path} failed (seed ${SEED}, path "${outcome.counterexamplePath}", shrunk ${outcome.numShrinks} times)\n` +
            `counter-example: ${short(outcome.counterexample)}\n${error.slice(0, 2_000)}`,
        );
      }
    }
    // the counter-examples the fuzz found, fixed in the server, as fixed requests
    for (const [what, path, check] of [
      // fastify's own 431 body (client-error.ts)
      [
        'a 16 KiB query',
        `/lm/v1/tenants?x=${'x'.repeat(16_384)}`,
        (b: any) => b.error.code === 'request.headers_too_large',
      ],
      // the input guard's ErrorBody where RFC 6749's is declared (oauth.routes.ts)
      ['a NUL in /token_keys?', '/token_keys?x=a%00b', (b: any) => b.error === 'invalid_request'],
      // a 500 in fastify's shape: the route was registered before the app's error handler was set (app.ts)
      ['a NUL in /openapi.json?', '/openapi.json?x=a%00b', (b: any) => b.error.code === 'request.invalid_query'],
    ] as const) {
      const res = await http.call('GET', path);
      assert.ok(res.status >= 400 && res.status < 500 && check(res.json()), `${what}: ${res.status} ${res.text}`);
    }
    // an error event may be emitted a tick after the answer: give it time
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(proc.exited(), undefined, `the process ended:\n${proc.stderr()}`);
    const health = await http.call('GET', '/healthz');
    assert.equal(health.status, 200, health.text);
    assert.doesNotMatch(proc.stderr(), /Unhandled|Uncaught|Emitted 'error'|\n\s+at /, proc.stderr());
    const errors = log.split('\n').filter((line) => /"level":(5\d|60)/.test(line));
    assert.deepEqual(errors, [], 'error-level log lines');
    const unreached = operations.map((o) => `${o.method} ${o.path}`).filter((k) => !reached.has(k));
    console.log(
      `fuzz ${database}: seed ${SEED}, ${RUNS} runs x ${operations.length} operations, ${requests} requests, ` +
        `${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ` +
        `${reached.size} operations answered 2xx/3xx at least once, not: ${unreached.join(', ')}`,
    );
  } finally {
    await dispatcher.close();
    await http.close();
    await proc.stop();
    await pgSchema?.drop();
  }
}

console.log(`fuzz-openapi: seed ${SEED} (CALM_KEYS_FUZZ_SEED), ${RUNS} runs per operation (CALM_KEYS_FUZZ_RUNS)`);

for (const kind of await testDatabaseKinds()) {
  test(
    `fuzz over every OpenAPI operation: no 5xx, no stack, declared error shapes, alive (${kind.name})`,
    {
      // the time bound: some 10 ms a request on a loaded machine, plus the start and the landscape
      timeout: 120_000 + RUNS * operations.length * 10,
    },
    () => fuzzDatabase(kind.name),
  );
}
