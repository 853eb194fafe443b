import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateServiceKey } from './validate.js';
import { exampleAWith } from './test-support/fixtures.js';

/** Warnings of a key that differs from example A; warnings never make a key invalid. */
function warningsOf(uaaPatch: Record<string, unknown>, topPatch: Record<string, unknown> = {}) {
  const report = validateServiceKey(exampleAWith(uaaPatch, topPatch));
  assert.equal(report.valid, true, JSON.stringify(report.errors));
  return report.warnings;
}
const ids = (warnings: ReturnType<typeof warningsOf>) => warnings.map((w) => `${w.rule} ${w.path}`);

test('endpoints.Api: the regional and the tenant form of the Cloud ALM API URL are both accepted quietly', () => {
  for (const api of [
    'https://eu10.alm.cloud.sap/api',
    'https://acme.eu10.alm.cloud.sap/api',
    'https://acme.eu10-004.alm.cloud.sap/api/',
  ]) {
    assert.deepEqual(warningsOf({}, { endpoints: { Api: api } }), [], api);
  }
});

test('endpoints.Api missing is a warning, not an error (SAP does not require it)', () => {
  assert.deepEqual(ids(warningsOf({}, { endpoints: undefined })), ['W-api-url endpoints.Api']);
  assert.deepEqual(ids(warningsOf({}, { endpoints: {} })), ['W-api-url endpoints.Api']);
  assert.deepEqual(ids(warningsOf({}, { endpoints: 'https://eu10.alm.cloud.sap/api' })), ['W-api-url endpoints']);
});

test('endpoints.Api over http, elsewhere, or not a URL is a warning naming the expected forms', () => {
  assert.match(warningsOf({}, { endpoints: { Api: 'http://eu10.alm.cloud.sap/api' } })[0]!.message, /https only/);
  const elsewhere = warningsOf({}, { endpoints: { Api: 'https://api.example.com/api' } });
  assert.deepEqual(ids(elsewhere), ['W-api-url endpoints.Api']);
  assert.match(
    elsewhere[0]!.message,
    /https:\/\/<region>\.alm\.cloud\.sap\/api or https:\/\/<tenant>\.<region>\.alm\.cloud\.sap\/api/,
  );
  assert.equal(warningsOf({}, { endpoints: { Api: 'https://eu10.alm.cloud.sap/v1' } }).length, 1);
  assert.match(warningsOf({}, { endpoints: { Api: 'eu10.alm.cloud.sap' } })[0]!.message, /not a URL/);
});

test('a URL with user:password is quoted without them', () => {
  const [warning] = warningsOf({}, { endpoints: { Api: 'https://me:hunter2@api.example.com/api' } });
  assert.doesNotMatch(warning!.message, /hunter2/);
});

test("the local form is accepted only when uaa.uaadomain is the Api URL's host:port", () => {
  const local = { url: 'https://localhost:8443', uaadomain: 'localhost:8443' };
  assert.deepEqual(warningsOf(local, { endpoints: { Api: 'https://localhost:8443/api' } }), []);
  assert.deepEqual(ids(warningsOf(local, { endpoints: { Api: 'https://localhost:9443/api' } })), [
    'W-api-url endpoints.Api',
  ]);
  assert.deepEqual(ids(warningsOf(local, { endpoints: { Api: 'http://localhost:8443/api' } })), [
    'W-api-url endpoints.Api',
  ]);
});

test("uaa.url must be https and under the key's identity zone (or the local / zone-per-host forms)", () => {
  assert.deepEqual(ids(warningsOf({ url: 'https://globex-calm.authentication.eu10.hana.ondemand.com' })), [
    'W-uaa-url uaa.url',
  ]);
  assert.match(
    warningsOf({ url: 'https://globex-calm.authentication.eu10.hana.ondemand.com' })[0]!.message,
    /not under the key's identity zone "acme-calm"/,
  );
  assert.match(
    warningsOf({ url: 'http://acme-calm.authentication.eu10.hana.ondemand.com' })[0]!.message,
    /unencrypted/,
  );
  assert.deepEqual(ids(warningsOf({ url: undefined })), ['W-uaa-url uaa.url']);
  assert.deepEqual(warningsOf({ url: 'https://acme-calm.keys.example.org', uaadomain: 'keys.example.org' }), []);
  assert.deepEqual(
    warningsOf(
      { url: 'https://localhost:8443', uaadomain: 'localhost:8443' },
      { endpoints: { Api: 'https://localhost:8443/api' } },
    ),
    [],
  );
});

test('a binding secret not of the form <uuid>$<base64> gets an informational warning that does not quote it', () => {
  const warnings = warningsOf({ clientsecret: 'copied-by-hand-and-cut' });
  assert.deepEqual(ids(warnings), ['W-secret-format uaa.clientsecret']);
  assert.match(warnings[0]!.message, /^For information/);
  assert.doesNotMatch(warnings[0]!.message, /copied-by-hand/);
  assert.deepEqual(
    warningsOf({ clientsecret: '6f1c2a9e-0d4b-4e57-8a1f-3c9b7d2e5a10$Zk3vQ8uT1nR4yW7pL2sX9cF6hJ0mB5dA8eG3kN1qV4o' }),
    [],
    'base64url without padding',
  );
});

test('a key that looks meant for the Analytics API is warned about', () => {
  assert.deepEqual(
    ids(
      warningsOf({
        xsappname: 'acme-analytics!b1|sapcloudalm!b4711',
        clientid: 'sb-acme-analytics!b1|sapcloudalm!b4711',
      }),
    ),
    ['W-api-only-key uaa.xsappname'],
  );
  const scoped = warningsOf({ scopes: ['sapcloudalm!b4711.calm-api.analytics.read'] });
  assert.deepEqual(ids(scoped), ['W-api-only-key uaa.scopes']);
  assert.match(scoped[0]!.message, /Analytics API/);
  assert.deepEqual(ids(warningsOf({}, { authorities: 'sapcloudalm!b4711.calm-api.defects.read' })), [
    'W-api-only-key authorities',
  ]);
  assert.deepEqual(warningsOf({ scopes: ['sapcloudalm!b4711.calm-api.metrics.write'] }), []);
});

test('non-string values in fields that clients read are warned about at their path', () => {
  assert.deepEqual(ids(warningsOf({ uaadomain: 5, tenantmode: null })), [
    'W-field-type uaa.tenantmode',
    'W-field-type uaa.uaadomain',
  ]);
});

test('a file: URL in endpoints.Api or uaa.url is called a file: URL, not an https URL (not "unencrypted")', () => {
  const [api] = warningsOf({}, { endpoints: { Api: 'file:///etc/calm/api' } });
  assert.equal(api!.rule, 'W-api-url');
  assert.match(
    api!.message,
    /^endpoints\.Api is "file:\/\/\/etc\/calm\/api", which is a file: URL, not an https URL: Cloud ALM serves its API over https only\.$/,
  );
  const uaa = warningsOf({ url: 'file:///tmp/token' }).find((w) => w.path === 'uaa.url')!;
  assert.match(
    uaa.message,
    /^uaa\.url is "file:\/\/\/tmp\/token", which is a file: URL, not an https URL: no token can be requested from it\./,
  );
  assert.doesNotMatch(`${api!.message} ${uaa.message}`, /unencrypted/);
  assert.match(
    warningsOf({ url: 'http://acme-calm.authentication.eu10.hana.ondemand.com' })[0]!.message,
    /^uaa\.url is "http:[^,]*": the client secret would travel unencrypted/,
    'http keeps its own reason',
  );
});
