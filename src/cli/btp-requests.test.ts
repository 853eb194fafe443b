import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import type { ApiClient } from './api-client.js';
import { createRequest } from './btp-requests.js';

/** An ApiClient that records the POST and answers 201. */
function recorder() {
  const posts: { path: string; body: unknown }[] = [];
  const api = {
    POST: async (path: string, init: { body: unknown }) => {
      posts.push({ path, body: init.body });
      return { data: { id: 'x', name: 'n' }, response: new Response(null, { status: 201 }) };
    },
  } as unknown as ApiClient;
  return { api, posts };
}

test("instance: SAP's --offering-name, --plan-name and --plan become the body's names and plan id", async () => {
  const { api, posts } = recorder();
  await createRequest('services/instance', {
    subaccount: 's1',
    name: 'sm',
    offeringName: 'service-manager',
    planName: 'subaccount-admin',
  })(api);
  await createRequest('services/instance', { subaccount: 's1', name: 'sm2', plan: 'plan-id' })(api);
  await createRequest('services/instance', { subaccount: 's1', name: 'calm' })(api);
  assert.deepEqual(
    posts.map((p) => p.body),
    [
      {
        name: 'sm',
        subaccount_id: 's1',
        service_offering_name: 'service-manager',
        service_plan_name: 'subaccount-admin',
        parameters: undefined,
      },
      { name: 'sm2', subaccount_id: 's1', service_plan_id: 'plan-id', parameters: undefined },
      { name: 'calm', subaccount_id: 's1', parameters: undefined },
    ],
  );
  assert.ok(posts.every((p) => p.path === '/btp/v1/service_instances'));
});

test('binding: --instance-name is looked up in --subaccount; --binding names it', async () => {
  const { api, posts } = recorder();
  await createRequest('services/binding', { instanceName: 'sm', binding: 'sm-key', subaccount: 's1' })(api);
  assert.deepEqual(posts[0], {
    path: '/btp/v1/service_bindings',
    body: { name: 'sm-key', service_instance_name: 'sm', subaccount_id: 's1', parameters: undefined },
  });
});

test('a missing --subaccount is a usage error before any call', () => {
  assert.throws(
    () => createRequest('services/instance', { name: 'sm', offeringName: 'service-manager' }),
    (error: unknown) => error instanceof DomainError && error.details[0]?.path === '--subaccount',
  );
});

test('the catalog is listed, never created', () => {
  assert.throws(
    () => createRequest('services/plan', {}),
    (error: unknown) => error instanceof DomainError && error.code === 'cli.cannot_create',
  );
});
