import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SECRET_FIELD_NAMES,
  SECRET_MASK,
  isSecretFieldName,
  redactServiceKey,
  redactServiceKeyText,
  redactValidationReport,
} from './redact.js';
import { validateServiceKey } from './validate.js';
import {
  EXAMPLE_A_SECRET,
  EXAMPLE_B_PRIVATE_KEY_BODY,
  exampleA,
  exampleABytes,
  exampleB,
  exampleBBytes,
} from './test-support/fixtures.js';

type Json = Record<string, unknown>;

test('redactServiceKey masks the client secret and private key and keeps everything else', () => {
  const a = redactServiceKey(exampleA());
  const uaaA = a['uaa'] as Json;
  assert.equal(uaaA['clientsecret'], SECRET_MASK);
  const expected = exampleA();
  (expected['uaa'] as Json)['clientsecret'] = SECRET_MASK;
  assert.deepEqual(a, expected);

  const b = redactServiceKey(exampleB());
  assert.equal((b['uaa'] as Json)['key'], SECRET_MASK);
  assert.equal(
    (b['uaa'] as Json)['certificate'],
    (exampleB()['uaa'] as Json)['certificate'],
    'certificates are public',
  );
  assert.equal(
    (b['uaa'] as Json)['verificationkey'],
    (exampleB()['uaa'] as Json)['verificationkey'],
    'a public key is public',
  );
});

test('redactServiceKey returns a copy and leaves its input untouched', () => {
  const input = exampleA();
  redactServiceKey(input);
  assert.deepEqual(input, exampleA());
});

test('secret-named fields are masked at any depth and of any type; null, "" and booleans are shown', () => {
  const redacted = redactServiceKey({
    nested: [{ password: 12345, privateKeyPem: { der: 'abc' }, client_secret: 'x' }],
    apiToken: 'tok',
    masterKey: 'mk',
    key: '',
    clientsecret: null,
    hasClientSecret: true,
  });
  assert.deepEqual(redacted, {
    nested: [{ password: SECRET_MASK, privateKeyPem: SECRET_MASK, client_secret: SECRET_MASK }],
    apiToken: SECRET_MASK,
    masterKey: SECRET_MASK,
    key: '',
    clientsecret: null,
    hasClientSecret: true,
  });
});

test('secret-shaped values are masked whatever their field is called', () => {
  const redacted = redactServiceKey({
    note: EXAMPLE_A_SECRET,
    pem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
  });
  assert.deepEqual(redacted, { note: SECRET_MASK, pem: SECRET_MASK });
});

test('a "__proto__" field stays a field, and circular or absurdly deep input is cut off, not followed', () => {
  const parsed = JSON.parse('{"__proto__": {"clientsecret": "s"}, "a": 1}') as Json;
  const redacted = redactServiceKey(parsed);
  assert.equal(Object.getPrototypeOf(redacted), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value, { clientsecret: SECRET_MASK });

  const circular: Json = { a: 1 };
  circular['self'] = circular;
  assert.deepEqual(redactServiceKey(circular), { a: 1, self: SECRET_MASK });
  let deep: unknown = 'leaf';
  for (let i = 0; i < 10_000; i++) deep = [deep];
  assert.doesNotThrow(() => redactServiceKey(deep));
});

test('every name in SECRET_FIELD_NAMES is a secret field name', () => {
  for (const name of SECRET_FIELD_NAMES) assert.ok(isSecretFieldName(name), name);
  for (const name of [
    'clientid',
    'certificate',
    'verificationkey',
    'tokenUrl',
    'token_type',
    'credential-type',
    'keyText',
  ])
    assert.ok(!isSecretFieldName(name), name);
});

test('redactServiceKeyText masks the secret and the private key in well-formed text, and keeps it JSON', () => {
  const a = redactServiceKeyText(exampleABytes().toString('utf8'));
  assert.ok(!a.includes(EXAMPLE_A_SECRET.slice(37)));
  assert.deepEqual(JSON.parse(a), redactServiceKey(exampleA()));
  const b = redactServiceKeyText(exampleBBytes().toString('utf8'));
  assert.ok(!b.includes(EXAMPLE_B_PRIVATE_KEY_BODY));
  assert.deepEqual(JSON.parse(b), redactServiceKey(exampleB()));
});

test('redactServiceKeyText masks a value cut off by truncation, bare values, and loose name=value forms', () => {
  const text = exampleABytes().toString('utf8');
  const cut = text.slice(0, text.indexOf(EXAMPLE_A_SECRET) + 45);
  assert.ok(!redactServiceKeyText(cut).includes(EXAMPLE_A_SECRET.slice(37, 45)));
  assert.equal(
    redactServiceKeyText('{"password": 123456, "key": null}'),
    `{"password": "${SECRET_MASK}", "key": null}`,
  );
  assert.equal(
    redactServiceKeyText('grant_type=client_credentials&client_secret=abc%24def&x=1'),
    `grant_type=client_credentials&client_secret=${SECRET_MASK}&x=1`,
  );
  assert.equal(redactServiceKeyText('clientsecret: abc'), `clientsecret: ${SECRET_MASK}`);
  assert.equal(
    redactServiceKeyText('{"clientsecret": "a\\"b\\\\c", "x": "y"}'),
    `{"clientsecret": "${SECRET_MASK}", "x": "y"}`,
  );
});

test('redactServiceKeyText masks a private key PEM that is cut off before its END line', () => {
  const text = exampleBBytes().toString('utf8');
  const cut = text.slice(0, text.indexOf(EXAMPLE_B_PRIVATE_KEY_BODY) + 10);
  assert.ok(!redactServiceKeyText(cut).includes(EXAMPLE_B_PRIVATE_KEY_BODY.slice(0, 10)));
  const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIabc\n';
  assert.equal(redactServiceKeyText(pem), `-----BEGIN EC PRIVATE KEY-----${SECRET_MASK}-----END EC PRIVATE KEY-----`);
});

test('redactValidationReport keeps rules, paths, messages and summary, and nothing secret', () => {
  for (const bytes of [exampleABytes(), exampleBBytes()]) {
    const report = validateServiceKey(bytes);
    const published = redactValidationReport(report);
    assert.deepEqual(Object.keys(published).sort(), ['errors', 'summary', 'valid', 'warnings']);
    assert.equal(published.summary?.hasClientSecret, report.key?.summary.hasClientSecret);
    const json = JSON.stringify(published);
    assert.ok(!json.includes(EXAMPLE_A_SECRET.slice(37)) && !json.includes(EXAMPLE_B_PRIVATE_KEY_BODY));
  }
  assert.equal(
    redactValidationReport(validateServiceKey(JSON.stringify({ credentials: exampleA() }))).wrapper,
    'credentials',
  );
});
