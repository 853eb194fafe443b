import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeServiceKey } from './describe.js';
import { exampleA, exampleB } from './test-support/fixtures.js';

test('example A is summarised with the values a managed system needs', () => {
  assert.deepEqual(describeServiceKey(exampleA()), {
    clientId: 'sb-acme-calm-monitoring!b287513|sapcloudalm!b4711',
    identityZone: 'acme-calm',
    identityZoneId: '3d8f0a52-7c1e-4b69-9e2a-5f4b6c7d8e90',
    subaccountId: '3d8f0a52-7c1e-4b69-9e2a-5f4b6c7d8e90',
    serviceInstanceId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
    credentialType: 'binding-secret',
    tokenUrl: 'https://acme-calm.authentication.eu10.hana.ondemand.com/oauth/token',
    apiUrl: 'https://eu10.alm.cloud.sap/api',
    uaaDomain: 'authentication.eu10.hana.ondemand.com',
    xsappname: 'acme-calm-monitoring!b287513|sapcloudalm!b4711',
    hasClientSecret: true,
  });
});

test('an x509 key gets its mTLS token URL; an unreadable chain is named, not thrown', () => {
  const summary = describeServiceKey(exampleB());
  assert.equal(summary.certTokenUrl, 'https://globex-calm.authentication.cert.us10.hana.ondemand.com/oauth/token');
  assert.equal(summary.hasClientSecret, false);
  assert.equal(summary.certificates, undefined);
  assert.match(summary.certificateError ?? '', /not a valid X\.509 certificate/);
});

test('a trailing slash in uaa.url does not double the slash of the token URL', () => {
  const key = exampleA();
  (key['uaa'] as Record<string, unknown>)['url'] = 'https://acme-calm.authentication.eu10.hana.ondemand.com/';
  assert.equal(describeServiceKey(key).tokenUrl, 'https://acme-calm.authentication.eu10.hana.ondemand.com/oauth/token');
});

test('any shape is summarised without throwing; missing and mistyped fields are left out', () => {
  assert.deepEqual(describeServiceKey({}), { hasClientSecret: false });
  assert.deepEqual(describeServiceKey({ uaa: { clientid: 5, identityzone: 'z', constructor: 'x' }, endpoints: [] }), {
    identityZone: 'z',
    hasClientSecret: false,
  });
  assert.deepEqual(describeServiceKey([] as unknown as Record<string, unknown>), { hasClientSecret: false });
});

test('the summary never carries the secret', () => {
  const key = exampleA();
  const secret = (key['uaa'] as Record<string, string>)['clientsecret']!;
  assert.ok(!JSON.stringify(describeServiceKey(key)).includes(secret));
});
