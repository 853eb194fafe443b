import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { createRequest } from './btp-requests.js';
import { CATALOG, fakeApi, smInstance, smPage, type SeenRequest } from './test-support/fake-api.js';

/** A server with the catalog, the instances given, and creates that answer 201 with what was asked. */
function server(instances: ReturnType<typeof smInstance>[] = []) {
  return fakeApi((req: SeenRequest) => {
    if (req.method === 'GET' && req.path === '/v1/service_offerings')
      return { status: 200, body: smPage(CATALOG.offerings) };
    if (req.method === 'GET' && req.path === '/v1/service_plans') return { status: 200, body: smPage(CATALOG.plans) };
    if (req.method === 'GET' && req.path === '/v1/service_instances') {
      const name = /^name eq '(.*)'$/.exec(req.query.fieldQuery ?? '')?.[1]?.replace(/''/g, "'");
      return { status: 200, body: smPage(instances.filter((i) => i.name === name)) };
    }
    const body = req.body as { name: string; service_plan_id?: string; service_instance_id?: string };
    if (req.method === 'POST' && req.path === '/v1/service_instances')
      return { status: 201, body: smInstance('i-new', body.name, body.service_plan_id!, req.query.subaccount_id) };
    if (req.method === 'POST' && req.path === '/v1/service_bindings')
      return {
        status: 201,
        body: {
          id: 'b-new',
          name: body.name,
          service_instance_id: body.service_instance_id,
          credentials: { uaa: { clientid: 'sb-x', clientsecret: 'b-new$s', 'credential-type': 'binding-secret' } },
        },
      };
    return { status: 404, body: { error: 'NotFound', description: `no ${req.path}`, code: 'x.not_found' } };
  });
}

test("instance: SAP's --offering-name and --plan-name, or --plan, become the plan id of a synchronous /v1 create", async () => {
  const { api, seen } = server();
  const sm = await createRequest('services/instance', {
    subaccount: 's1',
    name: 'sm',
    offeringName: 'service-manager',
    planName: 'subaccount-admin',
  })(api);
  await createRequest('services/instance', { subaccount: 's1', name: 'sm2', plan: 'p-audit' })(api);
  const calm = await createRequest('services/instance', { subaccount: 's1', name: 'calm' })(api);
  const posts = seen.filter((r) => r.method === 'POST');
  assert.deepEqual(
    posts.map((p) => [p.path, p.query, p.body]),
    [
      ['/v1/service_instances', { async: 'false', subaccount_id: 's1' }, { name: 'sm', service_plan_id: 'p-admin' }],
      ['/v1/service_instances', { async: 'false', subaccount_id: 's1' }, { name: 'sm2', service_plan_id: 'p-audit' }],
      [
        '/v1/service_instances',
        { async: 'false', subaccount_id: 's1' },
        { name: 'calm', service_plan_id: 'p-standard' },
      ],
    ],
  );
  // the catalog is read in the subaccount, so that one the caller does not administer is refused first
  assert.ok(seen.filter((r) => r.method === 'GET').every((r) => r.query.subaccount_id === 's1'));
  // what is printed keeps the names of the offering and plan
  assert.deepEqual(
    [sm, calm].map((row) => {
      const { service_offering, service_plan, subaccount_id, state } = row as unknown as Record<string, unknown>;
      return [service_offering, service_plan, subaccount_id, state];
    }),
    [
      ['service-manager', 'subaccount-admin', 's1', 'create succeeded'],
      ['SAPCloudALMAPIs', 'standard', 's1', 'create succeeded'],
    ],
  );
});

test('instance: an unknown offering or plan, or a --plan of another offering, is refused naming the option, before any create', async () => {
  const { api, seen } = server();
  const refused = async (options: Parameters<typeof createRequest>[1], code: string, path: string, message: RegExp) =>
    assert.rejects(createRequest('services/instance', { subaccount: 's1', name: 'x', ...options })(api), (error) => {
      assert.ok(error instanceof DomainError);
      assert.deepEqual([error.code, error.details[0]?.path], [code, path]);
      assert.match(error.message, message);
      return true;
    });
  await refused(
    { offeringName: 'nope' },
    'btp.unknown_offering',
    '--offering-name',
    /SAPCloudALMAPIs, service-manager/,
  );
  await refused(
    { offeringName: 'service-manager' },
    'btp.unknown_plan',
    '--plan-name',
    /has the plans subaccount-admin, subaccount-audit; name one/,
  );
  await refused({ plan: 'no-such-id' }, 'btp.unknown_plan', '--plan', /no plan with id "no-such-id"/);
  await refused(
    { plan: 'p-admin', offeringName: 'SAPCloudALMAPIs' },
    'btp.unknown_plan',
    '--offering-name',
    /of "service-manager"/,
  );
  assert.equal(seen.filter((r) => r.method === 'POST').length, 0);
});

test('binding: --instance-name is found by a field query in --subaccount; --binding names it', async () => {
  const { api, seen } = server([smInstance('i-sm', "it's", 'p-admin')]);
  const created = await createRequest('services/binding', {
    instanceName: "it's",
    binding: 'sm-key',
    subaccount: 's1',
  })(api);
  assert.deepEqual(created, { id: 'b-new', name: 'sm-key', credential_type: 'binding-secret' });
  assert.deepEqual(
    seen.map((r) => [r.method, r.path, r.query, r.body]),
    [
      [
        'GET',
        '/v1/service_instances',
        { fieldQuery: "name eq 'it''s'", subaccount_id: 's1', max_items: '200' },
        undefined,
      ],
      ['POST', '/v1/service_bindings', { async: 'false' }, { name: 'sm-key', service_instance_id: 'i-sm' }],
    ],
  );
});

test('binding: an --instance-name that names no instance is 404, several 400 ambiguous', async () => {
  const { api } = server([smInstance('a', 'sm', 'p-admin', 's1'), smInstance('b', 'sm', 'p-admin', 's2')]);
  await assert.rejects(
    createRequest('services/binding', { instanceName: 'none', binding: 'k' })(api),
    (error) =>
      error instanceof DomainError &&
      error.code === 'service_instance.not_found' &&
      error.message === 'No service instance named "none" exists in the subaccounts you administer.',
  );
  await assert.rejects(
    createRequest('services/binding', { instanceName: 'sm', binding: 'k' })(api),
    (error) =>
      error instanceof DomainError && error.code === 'btp.ambiguous_instance' && /--subaccount/.test(error.message),
  );
});

test("names keep the cockpit's and btp CLI's rule, checked before any call; a missing --subaccount is a usage error", () => {
  const refused = (fn: () => unknown, code: string, path: string) =>
    assert.throws(
      fn,
      (error: unknown) => error instanceof DomainError && error.code === code && error.details[0]?.path === path,
    );
  refused(
    () => createRequest('services/instance', { name: 'x'.repeat(33), subaccount: 's1' }),
    'btp.bad_instance_name',
    '--name',
  );
  refused(
    () => createRequest('services/binding', { instanceId: 'i', binding: 'has spaces' }),
    'btp.bad_binding_name',
    '--binding',
  );
  refused(
    () => createRequest('services/instance', { name: 'sm', offeringName: 'service-manager' }),
    'cli.missing_option',
    '--subaccount',
  );
});

test('the catalog is listed, never created', () => {
  assert.throws(
    () => createRequest('services/plan', {}),
    (error: unknown) => error instanceof DomainError && error.code === 'cli.cannot_create',
  );
});
