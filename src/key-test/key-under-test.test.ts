import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { readKeyUnderTest } from './key-under-test.js';

const uaa = {
  clientid: 'sb-x!b1|m!b2',
  clientsecret: 's$1',
  url: 'https://acme.authentication.eu10.hana.ondemand.com',
};

test('reads the fields a test needs, the zone id from identityzoneid, zoneid or tenantid', () => {
  const key = readKeyUnderTest({
    endpoints: { Api: 'https://eu10.alm.cloud.sap/api' },
    uaa: { ...uaa, tenantid: 'z-1', uaadomain: 'd' },
  });
  assert.equal(key.clientSecret, 's$1');
  assert.equal(key.apiUrl, 'https://eu10.alm.cloud.sap/api');
  assert.equal(key.zoneId, 'z-1');
  assert.equal(key.zoneIdField, 'uaa.tenantid');
  assert.equal(
    readKeyUnderTest({ uaa: { ...uaa, tenantid: 't', identityzoneid: 'i' } }).zoneIdField,
    'uaa.identityzoneid',
  );
});

test('a cf CLI v8 {"credentials": ...} wrapper is the same key', () => {
  assert.equal(readKeyUnderTest({ credentials: { uaa } }).clientId, uaa.clientid);
});

test('x509 keys need certificate, key and certurl; secret keys need url', () => {
  const x509 = { clientid: 'c', certificate: 'CERT', key: 'KEY', certurl: 'https://cert.example' };
  assert.equal(readKeyUnderTest({ uaa: x509 }).certUrl, 'https://cert.example');
  const problems = (doc: unknown): string[] => {
    try {
      readKeyUnderTest(doc);
      return [];
    } catch (error) {
      assert.ok(isDomainError(error));
      assert.equal(error.code, 'key_test.unusable_key');
      return error.details.map((p) => p.path);
    }
  };
  assert.deepEqual(problems({ uaa: { ...x509, certurl: undefined } }), ['uaa.certurl']);
  assert.deepEqual(problems({ uaa: { ...uaa, url: '' } }), ['uaa.url']);
  assert.deepEqual(problems({ uaa: { url: 'u' } }), ['uaa.clientid', 'uaa.clientsecret']);
  assert.deepEqual(problems({ endpoints: {} }), ['uaa']);
});

test('inherited properties are not fields', () => {
  const sneaky = Object.create({ clientsecret: 'inherited' }) as Record<string, unknown>;
  Object.assign(sneaky, { clientid: 'c', url: 'https://u' });
  assert.throws(() => readKeyUnderTest({ uaa: sneaky }), /neither uaa\.clientsecret/);
});
