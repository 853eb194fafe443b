import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingRow, credentialFacts, instanceRow } from './btp-views.js';
import { CATALOG, smInstance } from './test-support/fake-api.js';

test("a key's credential type: named by a Cloud ALM API key; for a flat service-manager key read from its shape", () => {
  const id = '8f1e2d3c-0000-4000-8000-000000000001';
  assert.deepEqual(credentialFacts(id, { uaa: { clientid: 'c', 'credential-type': 'instance-secret' } }), {
    credential_type: 'instance-secret',
    expires_at: null,
  });
  // XSUAA's binding secret is "<binding id>$<random>"; an instance secret is shared and has no such prefix
  assert.equal(credentialFacts(id, { clientid: 'c', clientsecret: `${id}$abc` }).credential_type, 'binding-secret');
  assert.equal(credentialFacts(id, { clientid: 'c', clientsecret: 'abc' }).credential_type, 'instance-secret');
  assert.equal(credentialFacts(id, { clientid: 'c', clientsecret: `other$abc` }).credential_type, 'instance-secret');
  // a certificate that does not parse is still x509, with no end to show
  assert.deepEqual(credentialFacts(id, { clientid: 'c', certificate: 'not a pem', key: 'k' }), {
    credential_type: 'x509',
    expires_at: null,
  });
  assert.equal(credentialFacts(id, { clientid: 'c' }).credential_type, 'unknown');
});

test('a row names the offering and plan from the catalog, null for a plan it does not list', () => {
  const known = instanceRow(smInstance('i1', 'sm', 'p-admin', 's9') as never, CATALOG as never);
  assert.deepEqual(
    [known.service_offering, known.service_plan, known.subaccount_id, known.state, known.ready],
    ['service-manager', 'subaccount-admin', 's9', 'create succeeded', true],
  );
  const unknown = instanceRow(smInstance('i2', 'x', 'p-gone') as never, CATALOG as never);
  assert.deepEqual([unknown.service_offering, unknown.service_plan, unknown.service_plan_id], [null, null, 'p-gone']);
});

test('a listed binding shows no credentials, even when the list carried them', () => {
  const binding = {
    ...smInstance('b1', 'k', 'p'),
    service_instance_id: 'i1',
    service_instance_name: 'sm',
    credentials: { clientsecret: 'secret' },
  };
  const row = bindingRow(binding as never);
  assert.ok(!('credentials' in row));
  assert.equal(row.service_instance_name, 'sm');
});
