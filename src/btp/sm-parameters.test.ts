import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import type { InstanceRow } from './instance-context.js';
import { instanceParameters, instancesRetrievable } from './sm-parameters.js';

const row = (over: Partial<InstanceRow>): InstanceRow => ({
  id: 'i1',
  subaccount_id: 's1',
  name: 'inst',
  offering: 'SAPCloudALMAPIs',
  plan: 'standard',
  xsappname: 'x!b1|sapcloudalm!b4711',
  client_id: 'sb-x!b1|sapcloudalm!b4711',
  credential_types: '["binding-secret"]',
  authorities: '["sapcloudalm!b4711.calm-api.hm.read","other.scope","uaa.resource"]',
  parameters: '{}',
  origin: 'manual',
  created_at: '2026-01-01T00:00:00.000Z',
  instance_secret_sealed: null,
  ...over,
});

test("a Cloud ALM API instance's parameters carry its client's authorities as given and its credential types", () => {
  const given = { 'xs-security': { xsappname: 'x', 'oauth2-configuration': { 'token-validity': 60 } }, other: 1 };
  assert.deepEqual(
    instanceParameters(row({ parameters: JSON.stringify(given), credential_types: '["x509","binding-secret"]' })),
    {
      other: 1,
      'xs-security': {
        xsappname: 'x',
        authorities: ['$XSMASTERAPPNAME.calm-api.hm.read', 'other.scope'],
        'oauth2-configuration': { 'token-validity': 60, 'credential-types': ['x509', 'binding-secret'] },
      },
    },
  );
  // stored parameters that are no object (none were given) read as {}
  assert.deepEqual(instanceParameters(row({ parameters: 'null' }))['xs-security'], {
    authorities: ['$XSMASTERAPPNAME.calm-api.hm.read', 'other.scope'],
    'oauth2-configuration': { 'credential-types': ['binding-secret'] },
  });
});

test('a service-manager instance answers what it was given ({}); a plan the catalog lacks is 404 of the instance', () => {
  assert.deepEqual(instanceParameters(row({ offering: 'service-manager', plan: 'subaccount-admin' })), {});
  assert.throws(
    () => instanceParameters(row({ plan: 'retired' })),
    (error) => error instanceof DomainError && error.code === 'service_instance.not_found',
  );
});

test('which offerings answer their instances parameters: the catalog two, nothing else', () => {
  assert.equal(instancesRetrievable('SAPCloudALMAPIs'), true);
  assert.equal(instancesRetrievable('service-manager'), true);
  assert.equal(instancesRetrievable('some-other-offering'), false);
});
