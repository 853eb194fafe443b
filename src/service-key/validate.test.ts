import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateServiceKey } from './validate.js';
import { exampleA, exampleABytes, exampleAWith, exampleBBytes, localKeyBytes } from './test-support/fixtures.js';
import type { ValidationReport } from './service-key.types.js';

const errorIds = (report: ValidationReport) => report.errors.map((e) => `${e.rule} ${e.path}`);
const warningIds = (report: ValidationReport) => report.warnings.map((w) => `${w.rule} ${w.path}`);

test('example A (binding-secret, eu10) is valid, with and without the matching tenant, and has no warnings', () => {
  for (const options of [{}, { tenantIdentityZone: 'acme-calm' }]) {
    const report = validateServiceKey(exampleABytes(), options);
    assert.equal(report.valid, true);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.key?.summary.clientId, 'sb-acme-calm-monitoring!b287513|sapcloudalm!b4711');
  }
});

test('example A checked for another tenant fails F2, naming both zones', () => {
  const report = validateServiceKey(exampleABytes(), { tenantIdentityZone: 'globex-calm' });
  assert.equal(report.valid, false);
  assert.deepEqual(errorIds(report), ['F2 uaa.identityzone']);
  assert.match(report.errors[0]!.message, /belongs to identity zone "acme-calm", but this tenant is "globex-calm"/);
});

test('example B (x509) is refused naming F3 and F4, in that order, and says why', () => {
  const report = validateServiceKey(exampleBBytes());
  assert.equal(report.valid, false);
  const ids = errorIds(report);
  assert.deepEqual(ids.slice(0, 2), ['F3 uaa.clientsecret', 'F4 uaa.credential-type']);
  assert.match(
    report.errors[0]!.message,
    /^This is an X\.509 key \(credential-type x509\): Landscape Management accepts only keys with a client secret\. Create a binding with credential type binding-secret in the BTP cockpit\.$/,
  );
  assert.match(report.errors[1]!.message, /uaa\.credential-type is "x509"/);
  // its PEM bodies are fake: reported as an error at the certificate, never thrown
  assert.deepEqual(ids.slice(2), ['certificate uaa.certificate']);
  assert.equal(report.key?.summary.credentialType, 'x509');
});

test('example B for tenant acme-calm also fails F2, after F3 and F4', () => {
  const report = validateServiceKey(exampleBBytes(), { tenantIdentityZone: 'acme-calm' });
  assert.deepEqual(errorIds(report).slice(0, 3), [
    'F3 uaa.clientsecret',
    'F4 uaa.credential-type',
    'F2 uaa.identityzone',
  ]);
});

test('a key with a certificate but no credential-type is still recognised as an X.509 key', () => {
  const report = validateServiceKey(
    exampleAWith({
      clientsecret: undefined,
      'credential-type': undefined,
      certificate: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
    }),
  );
  assert.match(report.errors[0]!.message, /^This is an X\.509 key \(it has a certificate instead of a secret\)/);
  assert.deepEqual(errorIds(report), ['F3 uaa.clientsecret', 'F4 uaa.credential-type', 'certificate uaa.certificate']);
});

test('a hide-secret key (no secret, no certificate) is F3 and says how to get a key with a secret', () => {
  const report = validateServiceKey(exampleAWith({ clientsecret: undefined }));
  assert.deepEqual(errorIds(report), ['F3 uaa.clientsecret']);
  assert.match(report.errors[0]!.message, /hide-secret/);
});

test('F3: missing uaa, uaa of the wrong type, missing / empty / non-string clientid', () => {
  assert.deepEqual(errorIds(validateServiceKey(exampleAWith({}, { uaa: undefined }))), ['F3 uaa']);
  const wrongUaa = validateServiceKey(exampleAWith({}, { uaa: ['x'] }));
  assert.deepEqual(errorIds(wrongUaa), ['F3 uaa']);
  assert.match(wrongUaa.errors[0]!.message, /it is an array/);
  assert.deepEqual(errorIds(validateServiceKey(exampleAWith({ clientid: undefined }))), ['F3 uaa.clientid']);
  assert.match(validateServiceKey(exampleAWith({ clientid: '  ' })).errors[0]!.message, /uaa\.clientid is empty/);
  const numeric = validateServiceKey(exampleAWith({ clientid: 42, clientsecret: false }));
  assert.deepEqual(errorIds(numeric), ['F3 uaa.clientid', 'F3 uaa.clientsecret']);
  assert.match(numeric.errors[0]!.message, /must be a string, but it is a number/);
  assert.match(numeric.errors[1]!.message, /must be a string, but it is a boolean/);
  const nul = validateServiceKey(exampleAWith({ clientid: 'sb-x!b1|calm!b4711\u0000' }));
  assert.deepEqual(errorIds(nul), ['F3 uaa.clientid']);
  assert.match(nul.errors[0]!.message, /control character/);
});

test('F4: credential-type missing, of another value, of the wrong type, or of the wrong case', () => {
  const missing = validateServiceKey(exampleAWith({ 'credential-type': undefined }));
  assert.deepEqual(errorIds(missing), ['F4 uaa.credential-type']);
  assert.match(missing.errors[0]!.message, /uaa\.credential-type is missing/);
  assert.match(
    validateServiceKey(exampleAWith({ 'credential-type': 'client-secret' })).errors[0]!.message,
    /is "client-secret": Landscape Management accepts only "binding-secret" or "instance-secret"\.$/,
  );
  assert.match(
    validateServiceKey(exampleAWith({ 'credential-type': ['binding-secret'] })).errors[0]!.message,
    /must be a string, but it is an array/,
  );
  assert.match(
    validateServiceKey(exampleAWith({ 'credential-type': 'Binding-Secret' })).errors[0]!.message,
    /case-sensitive/,
  );
});

test('F3 and F4 both fail and are both reported, F3 first; F2 follows when the zone is readable', () => {
  const report = validateServiceKey(exampleAWith({ clientsecret: undefined, 'credential-type': 'other' }), {
    tenantIdentityZone: 'globex-calm',
  });
  assert.deepEqual(errorIds(report), ['F3 uaa.clientsecret', 'F4 uaa.credential-type', 'F2 uaa.identityzone']);
});

test('F2: a missing or non-string identity zone is an error when a tenant is given, a warning otherwise', () => {
  const withTenant = validateServiceKey(exampleAWith({ identityzone: undefined }), { tenantIdentityZone: 'acme-calm' });
  assert.deepEqual(errorIds(withTenant), ['F2 uaa.identityzone']);
  assert.match(withTenant.errors[0]!.message, /uaa\.identityzone is missing\. .*"acme-calm"/);
  assert.deepEqual(
    errorIds(validateServiceKey(exampleAWith({ identityzone: 7 }), { tenantIdentityZone: 'acme-calm' })),
    ['F2 uaa.identityzone'],
  );

  const withoutTenant = validateServiceKey(exampleAWith({ identityzone: undefined }));
  assert.equal(withoutTenant.valid, true);
  assert.ok(warningIds(withoutTenant).includes('W-identityzone uaa.identityzone'));
});

test('F2 is not reported when uaa itself is unusable: F3 already names the cause', () => {
  assert.deepEqual(errorIds(validateServiceKey('{"endpoints":{}}', { tenantIdentityZone: 'acme-calm' })), ['F3 uaa']);
});

test('instance-secret is accepted with a deprecation warning', () => {
  const report = validateServiceKey(
    exampleAWith({ 'credential-type': 'instance-secret', clientsecret: 'sb-legacy-secret' }),
  );
  assert.equal(report.valid, true);
  assert.deepEqual(warningIds(report), ['W-instance-secret uaa.credential-type']);
  assert.match(report.warnings[0]!.message, /deprecated .* 2026-01-19/);
});

test('a key minted by calm-keys (https://localhost:8443, uaadomain localhost:8443) is valid without warnings', () => {
  const report = validateServiceKey(localKeyBytes(), { tenantIdentityZone: 'demo-calm' });
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings, []);
});

test('the report keeps the parsed key (unknown fields included) even when rules fail', () => {
  const report = validateServiceKey(exampleAWith({ clientsecret: undefined, surprise: { a: 1 } }));
  assert.equal(report.valid, false);
  assert.deepEqual((report.key?.document['uaa'] as Record<string, unknown>)['surprise'], { a: 1 });
});

test('no message quotes the client secret', () => {
  const secret = (exampleA()['uaa'] as Record<string, string>)['clientsecret']!;
  const variants = [
    validateServiceKey(exampleAWith({ clientsecret: `${secret}!` })),
    validateServiceKey(exampleAWith({ 'credential-type': 'other' }), { tenantIdentityZone: 'x' }),
  ];
  for (const report of variants)
    assert.ok(!JSON.stringify([report.errors, report.warnings]).includes(secret.slice(37, 50)));
});
