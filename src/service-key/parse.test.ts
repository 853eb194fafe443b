import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServiceKey } from './parse.js';
import { validateServiceKey } from './validate.js';
import { MAX_SERVICE_KEY_BYTES } from './rules.js';
import { exampleA, exampleABytes } from './test-support/fixtures.js';

/** The one problem a refused input gives, asserting that there is exactly one. */
function onlyProblem(input: string | Uint8Array, totalBytes?: number) {
  const report = validateServiceKey(input, totalBytes === undefined ? {} : { totalBytes });
  assert.equal(report.valid, false);
  assert.equal(report.errors.length, 1, JSON.stringify(report.errors));
  assert.equal(report.warnings.length, 0);
  assert.equal(report.key, undefined);
  return report.errors[0]!;
}

test('raw keeps the input byte for byte, BOM and CRLF included, for bytes and for text', () => {
  const crlfWithBom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(exampleABytes().toString('utf8').replace(/\n/g, '\r\n')),
  ]);
  const parsed = parseServiceKey(crlfWithBom);
  assert.ok(parsed.ok);
  assert.deepEqual(Buffer.from(parsed.key.raw, 'utf8'), crlfWithBom);
  assert.equal(parsed.key.keyText, parsed.key.raw);
  assert.deepEqual(parsed.key.document, exampleA());

  const text = `\uFEFF${exampleABytes().toString('utf8')}`;
  const fromText = parseServiceKey(text);
  assert.ok(fromText.ok);
  assert.equal(fromText.key.raw, text);
});

test('a BOM and CRLF line ends are tolerated: example A stays valid without warnings', () => {
  const text = `\uFEFF${exampleABytes().toString('utf8').replace(/\n/g, '\r\n')}`;
  const report = validateServiceKey(text, { tenantIdentityZone: 'acme-calm' });
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings, []);
});

test('unknown fields are kept, at the top and inside uaa', () => {
  const key: Record<string, unknown> = { ...exampleA(), vendor: 'SAP', extra: { nested: [1, 2] } };
  (key['uaa'] as Record<string, unknown>)['futureField'] = true;
  const parsed = parseServiceKey(JSON.stringify(key));
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.key.document, key);
});

test('the cf CLI v8 wrapper is unwrapped with a warning; raw stays the file, keyText is the bare key', () => {
  const wrapped = JSON.stringify({ credentials: exampleA() }, null, 2);
  const report = validateServiceKey(wrapped, { tenantIdentityZone: 'acme-calm' });
  assert.equal(report.valid, true, JSON.stringify(report.errors));
  assert.deepEqual(
    report.warnings.map((w) => [w.rule, w.path]),
    [['W-wrapper', 'credentials']],
  );
  assert.match(report.warnings[0]!.message, /cf CLI v8/);
  assert.equal(report.key?.wrapper, 'credentials');
  assert.equal(report.key?.raw, wrapped);
  assert.deepEqual(JSON.parse(report.key!.keyText), exampleA());
  assert.deepEqual(report.key?.document, exampleA());
});

test('a document with both uaa and credentials is not treated as wrapped', () => {
  const parsed = parseServiceKey(JSON.stringify({ ...exampleA(), credentials: { a: 1 } }));
  assert.ok(parsed.ok);
  assert.equal(parsed.key.wrapper, undefined);
  assert.deepEqual(parsed.warnings, []);
});

test('an empty file and a blank file each give one clear line', () => {
  for (const input of ['', Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf])]) {
    const problem = onlyProblem(input);
    assert.equal(problem.rule, 'F1');
    assert.equal(problem.path, '$');
    assert.match(problem.message, /^The file is empty\./);
  }
  assert.match(onlyProblem(' \r\n\t\r\n').message, /only blank space/);
});

test('a file that is not JSON gives F1 with line and column', () => {
  const problem = onlyProblem('{\n  "uaa": {\n    clientid: "x"\n  }\n}');
  assert.equal(problem.rule, 'F1');
  assert.match(problem.message, /^The file is not valid JSON: unexpected character "c" at line 3 column 5/);
});

test('a truncated file says where it ends and that it may be truncated', () => {
  const text = exampleABytes().toString('utf8');
  const cut = text.slice(0, text.indexOf('"tenantmode"') + 5);
  const problem = onlyProblem(cut);
  assert.equal(problem.rule, 'F1');
  assert.match(problem.message, /unexpected end of input at line 10 column \d+ — the file may be truncated\./);
});

test('trailing text after the JSON object is F1', () => {
  const problem = onlyProblem(`${exampleABytes().toString('utf8')}\n${exampleABytes().toString('utf8')}`);
  assert.equal(problem.rule, 'F1');
  assert.match(problem.message, /more text after the JSON value, at line 23 column 1/);
});

test('JSON of the wrong type (array, string, number, null) is F1 naming the type', () => {
  for (const [input, type] of [
    ['[{"uaa":{}}]', 'an array'],
    ['"a key"', 'a string'],
    ['42', 'a number'],
    ['null', 'null'],
    ['true', 'a boolean'],
  ] as const) {
    const problem = onlyProblem(input);
    assert.equal(problem.rule, 'F1');
    assert.match(problem.message, new RegExp(`wrong type: ${type}\\. A service key is a JSON object`));
  }
});

test('cf CLI output with its header line gets a hint to remove the text before the {', () => {
  const problem = onlyProblem(
    `Getting key k1 for service instance calm-api as admin...\n\n${exampleABytes().toString('utf8')}`,
  );
  assert.match(problem.message, /remove everything before the first \{/);
});

test('single quotes get a hint about double quotes', () => {
  assert.match(onlyProblem("{'uaa': {}}").message, /JSON needs double quotes/);
});

test('a 10 MB file is refused with its size, without reading it as JSON', () => {
  const problem = onlyProblem(Buffer.alloc(10 * 1024 * 1024, 0x7b));
  assert.equal(problem.rule, 'size');
  assert.equal(
    problem.message,
    'The file is 10.0 MiB; a service key is a small JSON document of at most 64 KiB. Did you pick the wrong file?',
  );
});

test('the size limit is 64 KiB in bytes (not characters), and a reader may pass only the head with the real size', () => {
  const padded = (bytes: number) => {
    const base = JSON.stringify(exampleA());
    return `${base}${' '.repeat(bytes - Buffer.byteLength(base))}`;
  };
  assert.equal(validateServiceKey(padded(MAX_SERVICE_KEY_BYTES)).valid, true);
  assert.match(onlyProblem(padded(MAX_SERVICE_KEY_BYTES + 1)).message, /^The file is 65,537 bytes \(64\.0 KiB\)/);
  const multibyte = `{"a":"${'é'.repeat(33_000)}"}`; // 33,000 characters, 66,008 bytes
  assert.equal(onlyProblem(multibyte).rule, 'size');
  assert.match(onlyProblem(Buffer.alloc(MAX_SERVICE_KEY_BYTES + 1), 5_000_000).message, /^The file is 4\.8 MiB/);
});

test('text that is not UTF-8 is refused, and UTF-16 is named as such', () => {
  assert.match(onlyProblem(Buffer.from('\uFEFF{"uaa":{}}', 'utf16le')).message, /saved as UTF-16/);
  assert.match(onlyProblem(Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d])).message, /not UTF-8 text/);
});

test('absurdly deep nesting is refused as F1 instead of overflowing the stack later', () => {
  const deep = `{"uaa":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
  const problem = onlyProblem(deep);
  assert.equal(problem.rule, 'F1');
  assert.match(problem.message, /nests 20001 levels deep/);
});

test('a parse message never quotes the text around the error (it may be the secret)', () => {
  const text = exampleABytes().toString('utf8').replace('$Zk3vQ8', '$Zk3vQ8"');
  const problem = onlyProblem(text);
  assert.doesNotMatch(problem.message, /Zk3v|6f1c2a9e/);
});
