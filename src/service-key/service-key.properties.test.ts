/**
 * Property tests and a fuzz corpus: whatever a user uploads, validation returns a report (it never throws and
 * never reaches its internal-error fallback), and redaction never lets a secret through. Runs are bounded so
 * the file takes a few seconds on a 2-core machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateServiceKey } from './validate.js';
import { redactServiceKey, redactServiceKeyText, redactValidationReport } from './redact.js';
import { MAX_SERVICE_KEY_BYTES } from './rules.js';
import { EXAMPLE_A_SECRET, exampleA, exampleABytes } from './test-support/fixtures.js';
import type { ValidationReport } from './service-key.types.js';

type Json = Record<string, unknown>;

const RULE_RANK: Record<string, number> = { size: 0, F1: 0, F3: 1, F4: 2, F2: 3, certificate: 4 };

/** What every report must satisfy, whatever the input. */
function assertWellFormed(report: ValidationReport): void {
  assert.equal(report.valid, report.errors.length === 0);
  const ranks = report.errors.map((e) => RULE_RANK[e.rule ?? ''] ?? Number.NaN);
  assert.ok(
    ranks.every((rank) => !Number.isNaN(rank)),
    `unknown or internal rule: ${JSON.stringify(report.errors)}`,
  );
  assert.deepEqual(
    ranks,
    [...ranks].sort((x, y) => x - y),
    'errors are in rule order',
  );
  for (const problem of [...report.errors, ...report.warnings]) {
    assert.ok(problem.path.length > 0 && problem.message.length > 0 && problem.rule !== undefined);
  }
}

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)); // lone surrogates too

test('any string up to 64 KiB gives a well-formed report', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: anyCodeUnit }), fc.json()), (text) => {
      assertWellFormed(validateServiceKey(text));
    }),
    { numRuns: 800 },
  );
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', minLength: 60_000, maxLength: MAX_SERVICE_KEY_BYTES, size: 'max' }),
      (text) => {
        assertWellFormed(validateServiceKey(text));
      },
    ),
    { numRuns: 8 },
  );
});

test('any byte buffer up to 64 KiB (and a bit over) gives a well-formed report', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => assertWellFormed(validateServiceKey(bytes))),
    { numRuns: 800 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 60_000, maxLength: MAX_SERVICE_KEY_BYTES + 100, size: 'max' }), (bytes) => {
      const report = validateServiceKey(bytes);
      assertWellFormed(report);
      if (bytes.byteLength > MAX_SERVICE_KEY_BYTES) assert.equal(report.errors[0]?.rule, 'size');
    }),
    { numRuns: 8 },
  );
});

test('example A truncated at every position: one F1 problem each, and the redacted text never shows the secret', () => {
  const bytes = exampleABytes();
  const text = bytes.toString('utf8');
  const secretAt = text.indexOf(EXAMPLE_A_SECRET);
  const lastBrace = text.lastIndexOf('}');
  for (let cut = 0; cut <= lastBrace; cut++) {
    const report = validateServiceKey(bytes.subarray(0, cut));
    assert.equal(report.errors.length, 1, `cut at ${cut}`);
    assert.equal(report.errors[0]!.rule, 'F1', `cut at ${cut}`);
    const shown = redactServiceKeyText(text.slice(0, cut));
    const secretPart = text.slice(secretAt, Math.min(cut, secretAt + EXAMPLE_A_SECRET.length));
    if (secretPart.length >= 8) assert.ok(!shown.includes(secretPart), `cut at ${cut} shows ${secretPart}`);
  }
  assert.equal(validateServiceKey(bytes.subarray(0, lastBrace + 1)).valid, true);
});

/** Mutations of example A that a careless edit, a broken tool or an attacker could produce. */
const mutation = fc.oneof(
  fc.record({
    op: fc.constant('drop' as const),
    field: fc.constantFrom(
      'endpoints',
      'uaa',
      'clientid',
      'clientsecret',
      'credential-type',
      'identityzone',
      'url',
      'uaadomain',
    ),
  }),
  fc.record({
    op: fc.constant('retype' as const),
    field: fc.constantFrom(
      'endpoints',
      'uaa',
      'clientid',
      'credential-type',
      'identityzone',
      'url',
      'uaadomain',
      'certificate',
      'xsappname',
    ),
    value: fc.jsonValue({ maxDepth: 3 }),
  }),
  fc.record({
    op: fc.constant('unicode' as const),
    field: fc.constantFrom('clientid', 'credential-type', 'identityzone', 'url', 'xsappname'),
    value: fc.string({ unit: 'binary', maxLength: 20 }),
  }),
  fc.record({
    op: fc.constant('extra' as const),
    field: fc.string({ maxLength: 12 }),
    value: fc.jsonValue({ maxDepth: 4 }),
  }),
);

function mutate(operations: readonly { op: string; field: string; value?: unknown }[]): Json {
  const key = exampleA();
  for (const { op, field, value } of operations) {
    const top = field === 'endpoints' || field === 'uaa';
    const uaa = key['uaa'];
    const target: Json | undefined = top
      ? key
      : typeof uaa === 'object' && uaa !== null && !Array.isArray(uaa)
        ? (uaa as Json)
        : undefined;
    if (target === undefined) continue;
    if (op === 'drop') delete target[field];
    else if (op === 'unicode') target[field] = `${String(target[field] ?? '')}${String(value)}`;
    else Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
  }
  return key;
}

const layout = fc.record({
  indent: fc.constantFrom(0, 2, 4),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  wrap: fc.boolean(),
});

test('structured mutations of example A give well-formed reports that never show the secret', () => {
  fc.assert(
    fc.property(
      fc.array(mutation, { maxLength: 5 }),
      layout,
      fc.option(fc.constantFrom('acme-calm', 'globex-calm')),
      (operations, form, tenant) => {
        const document = mutate(operations);
        const body = JSON.stringify(form.wrap ? { credentials: document } : document, null, form.indent);
        const text = `${form.bom ? '\uFEFF' : ''}${form.crlf ? body.replace(/\n/g, '\r\n') : body}`;
        const report = validateServiceKey(
          Buffer.from(text, 'utf8'),
          tenant === null ? {} : { tenantIdentityZone: tenant },
        );
        assertWellFormed(report);
        assert.ok(report.key !== undefined, 'a JSON object always yields the parsed key');
        assert.equal(report.key.raw, text);
        const secretTail = EXAMPLE_A_SECRET.slice(37);
        assert.ok(!JSON.stringify(redactValidationReport(report)).includes(secretTail));
        assert.ok(!JSON.stringify(redactServiceKey(report.key.document)).includes(secretTail));
        assert.ok(!redactServiceKeyText(text).includes(secretTail));
      },
    ),
    { numRuns: 600 },
  );
});

test('random unicode inserted anywhere in example A gives a well-formed report, and redacted text hides the secret', () => {
  const text = exampleABytes().toString('utf8');
  fc.assert(
    fc.property(
      fc.nat({ max: text.length }),
      fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 8 }),
      (at, inserted) => {
        const changed = `${text.slice(0, at)}${inserted}${text.slice(at)}`;
        assertWellFormed(validateServiceKey(changed));
        assertWellFormed(validateServiceKey(Buffer.from(changed, 'utf8')));
        if (changed.includes(EXAMPLE_A_SECRET))
          assert.ok(!redactServiceKeyText(changed).includes(EXAMPLE_A_SECRET.slice(37)));
      },
    ),
    { numRuns: 1500 },
  );
});

const SECRET_NAMES = ['clientsecret', 'client_secret', 'password', 'key', 'privateKey', 'secret', 'apiToken'];

test('a secret under any secret-named field, at any depth, never survives either redaction', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9+/]{12,40}$/).map((s) => `S3CR3T${s}`);
  const withSecret = fc.tuple(
    fc.jsonValue({ maxDepth: 3 }),
    fc.array(fc.constantFrom('uaa', 'credentials', 'nested', 'x'), { maxLength: 4 }),
    fc.constantFrom(...SECRET_NAMES),
    secret,
  );
  fc.assert(
    fc.property(withSecret, fc.constantFrom(0, 2), ([noise, path, name, value], indent) => {
      const leaf: Json = { [name]: value, noise };
      const document = path.reduceRight<Json>((inner, segment) => ({ [segment]: inner, other: noise }), leaf);
      assert.ok(!JSON.stringify(redactServiceKey(document)).includes(value));
      assert.ok(!redactServiceKeyText(JSON.stringify(document, null, indent)).includes(value));
    }),
    { numRuns: 500 },
  );
});
