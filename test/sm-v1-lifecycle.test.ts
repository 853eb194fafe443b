/**
 * The Service Manager API (`/v1`) on the real server, SQLite and PostgreSQL, called exactly as SAP BTP
 * Service Operator's `client/sm` calls it with a service-manager key: offering and plan lookup by
 * `fieldQuery`, an asynchronous create (202 + Location, the instance id parsed from the Location path,
 * operation polling), the binding likewise, label queries, PATCH, and deletes answering 202/200 then 404.
 * The Cloud ALM API key made this way gets tokens, and deleting it revokes it at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { asPerson, clientToken as token, poll, q, serviceManagerKey } from './support/sm-v1.js';

/** The Service Operator's `ExtractInstanceID` / `ExtractBindingID`. */
const idFromLocation = (location: string, collection: string) =>
  new RegExp(`^/v1/${collection}/(.*)/operations/.*$`).exec(location)?.[1] ?? '';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the Service Operator's create, poll and delete cycle with a service-manager key`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      // a person makes the service-manager key, synchronously, in subaccount A
      const { call: sm, key: smKey } = await serviceManagerKey(
        t,
        asPerson(t, a.cookie),
        a.subaccountId,
        'subaccount-admin',
        'sm',
      );
      assert.ok(smKey.sm_url && smKey.clientid && smKey.clientsecret && smKey.url, JSON.stringify(smKey));

      // getPlanInfo: the offering by catalog_name, then the plan by catalog_name and service_offering_id in (...)
      const offerings = await sm('GET', `/v1/service_offerings?fieldQuery=${q("catalog_name eq 'SAPCloudALMAPIs'")}`);
      assert.equal(offerings.status, 200, offerings.text);
      assert.equal(offerings.json().num_items, 1);
      assert.equal(offerings.json().token, undefined, 'one page: no token');
      const offering = offerings.json().items[0];
      assert.equal(offering.data_center, 'cf-eu10');
      const plans = await sm(
        'GET',
        `/v1/service_plans?fieldQuery=${q(`catalog_name eq 'standard' and service_offering_id in ('${offering.id}')`)}`,
      );
      assert.equal(plans.json().num_items, 1, plans.text);
      const planId = plans.json().items[0].id as string;

      // Provision: 202 + Location, the id parsed from it, the operation polled until it succeeded
      const labels = { _namespace: ['default'], _k8sname: ['calm'], _clusterid: ['c-1'] };
      const created = await sm('POST', '/v1/service_instances', {
        name: 'calm',
        service_plan_id: planId,
        parameters: { 'xs-security': { authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write'] } },
        labels,
      });
      assert.equal(created.status, 202, created.text);
      const location = String(created.headers.location);
      const instanceId = idFromLocation(location, 'service_instances');
      assert.ok(instanceId, location);
      const createOp = await poll(sm, location);
      assert.deepEqual([createOp.type, createOp.state, createOp.resource_id], ['create', 'succeeded', instanceId]);
      const instance = (await sm('GET', `/v1/service_instances/${instanceId}`)).json();
      assert.equal(instance.ready, true);
      assert.equal(instance.service_plan_id, planId);
      assert.deepEqual(instance.labels, { ...labels, subaccount_id: [a.subaccountId] });
      assert.equal(instance.last_operation.id, createOp.id);

      // Bind the same way
      const bound = await sm('POST', '/v1/service_bindings', {
        name: 'calm-key',
        service_instance_id: instanceId,
        labels: { _k8sname: ['calm-key'] },
      });
      assert.equal(bound.status, 202, bound.text);
      const bindingLocation = String(bound.headers.location);
      const bindingId = idFromLocation(bindingLocation, 'service_bindings');
      assert.equal((await poll(sm, bindingLocation)).state, 'succeeded');
      const binding = await sm('GET', `/v1/service_bindings/${bindingId}`);
      assert.equal(binding.status, 200, binding.text);
      assert.equal(binding.headers['cache-control'], 'no-store');
      const uaa = binding.json().credentials.uaa;
      assert.equal((await token(t, uaa.clientid, uaa.clientsecret)).status, 200, 'the new key gets tokens');

      // label and field queries, as the operator's recovery lists use them
      const byLabel = await sm(
        'GET',
        `/v1/service_instances?labelQuery=${q("_k8sname eq 'calm' and _clusterid in ('c-1')")}`,
      );
      assert.deepEqual(
        byLabel.json().items.map((i: { id: string }) => i.id),
        [instanceId],
      );
      assert.equal(
        (await sm('GET', `/v1/service_instances?labelQuery=${q("_k8sname eq 'other'")}`)).json().num_items,
        0,
      );
      const byField = await sm('GET', `/v1/service_bindings?fieldQuery=${q(`service_instance_id eq '${instanceId}'`)}`);
      assert.deepEqual(
        byField.json().items.map((i: { name: string }) => i.name),
        ['calm-key'],
      );
      assert.deepEqual(
        byField.json().items[0].credentials,
        binding.json().credentials,
        "a key's list carries its GET's",
      );

      // RenameBinding: name and a label operation, synchronously
      const renamed = await sm('PATCH', `/v1/service_bindings/${bindingId}?async=false`, {
        name: 'calm-key-2',
        labels: [{ op: 'add', key: '_k8sname', values: ['calm-key-2'] }],
      });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.json().name, 'calm-key-2');
      assert.deepEqual(renamed.json().labels._k8sname, ['calm-key', 'calm-key-2']);
      const removed = await sm('PATCH', `/v1/service_bindings/${bindingId}`, {
        labels: [{ op: 'remove', key: '_k8sname', values: ['calm-key'] }],
      });
      assert.equal(removed.status, 202, removed.text);
      assert.equal((await poll(sm, String(removed.headers.location))).type, 'update');

      // Unbind: 202, polled; the credential stops at once; then 404
      const unbind = await sm('DELETE', `/v1/service_bindings/${bindingId}`);
      assert.equal(unbind.status, 202, unbind.text);
      const deleteOp = await poll(sm, String(unbind.headers.location));
      assert.deepEqual([deleteOp.type, deleteOp.state], ['delete', 'succeeded']);
      assert.equal((await token(t, uaa.clientid, uaa.clientsecret)).status, 401, 'revoked at once');
      assert.equal((await sm('GET', `/v1/service_bindings/${bindingId}`)).status, 404);
      const again = await sm('DELETE', `/v1/service_bindings/${bindingId}`);
      assert.equal(again.status, 404);
      assert.deepEqual(Object.keys(again.json()).sort(), ['code', 'description', 'error']);
      assert.equal(again.json().error, 'NotFound');

      // Deprovision synchronously: 200 {}, never 204; then 404
      const deprovision = await sm('DELETE', `/v1/service_instances/${instanceId}?async=false`);
      assert.equal(deprovision.status, 200, deprovision.text);
      assert.deepEqual(deprovision.json(), {});
      assert.equal((await sm('GET', `/v1/service_instances/${instanceId}`)).status, 404);
      assert.equal((await sm('GET', location)).json().state, 'succeeded', 'an operation outlives its resource');

      // a failed asynchronous create: the operation says why
      const taken = await sm('POST', '/v1/service_instances', {
        name: 'bad-params',
        service_plan_id: planId,
        parameters: { 'xs-security': { authorities: 42 } },
      });
      assert.equal(taken.status, 202, taken.text);
      const failed = await poll(sm, String(taken.headers.location));
      assert.equal(failed.state, 'failed');
      assert.equal(failed.errors[0].error, 'BadRequest');
    } finally {
      await t.close();
    }
  });
}
