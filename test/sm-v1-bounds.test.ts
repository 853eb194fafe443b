/**
 * What `/v1` keeps per resource is bounded, on the real server, SQLite and PostgreSQL: labels (50 keys, 100
 * values a key, 4096 bytes; 400 naming the limit, before any operation starts) and operations (the create
 * and the newest 20 others; an older one is 404).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { asPerson, poll, q } from './support/sm-v1.js';

const keys = (n: number, value = 'v') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, [value]]));
const adds = (labels: Record<string, string[]>) =>
  Object.entries(labels).map(([key, values]) => ({ op: 'add', key, values }));

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: labels and operations of a resource are bounded`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const person = asPerson(t, a.cookie);
      const plans = await person('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`);
      const planId = plans.json().items[0].id as string;
      const create = (name: string, labels?: unknown) =>
        person('POST', `/v1/service_instances?subaccount_id=${a.subaccountId}`, {
          name,
          service_plan_id: planId,
          labels,
        });

      const tooManyKeys = await create('x', keys(51));
      assert.equal(tooManyKeys.status, 400, tooManyKeys.text);
      assert.match(tooManyKeys.json().description, /at most 50 label keys/);
      const created = await create('bounded', keys(50));
      assert.equal(created.status, 202, created.text);
      const createOp = created.headers.location as string;
      assert.equal((await poll(person, createOp)).state, 'succeeded');
      const id = createOp.split('/')[3]!;
      const patch = (body: unknown, async = true) =>
        person('PATCH', `/v1/service_instances/${id}?async=${async}`, body);

      // PATCH: each limit is checked against what the resource has, and answers at once (no operation)
      const oneMoreKey = await patch({ labels: adds({ k50: ['v'] }) });
      assert.equal(oneMoreKey.status, 400, oneMoreKey.text);
      assert.match(oneMoreKey.json().description, /at most 50 label keys \(this change makes 51\)/);
      const values = Array.from({ length: 100 }, (_, i) => `x${i}`);
      const manyValues = await patch(
        { labels: [{ op: 'remove', key: 'k0' }, ...adds({ k0: values.slice(0, 99) })] },
        false,
      );
      assert.equal(manyValues.status, 200, manyValues.text);
      const over = await patch({ labels: adds({ k0: ['y1', 'y2'] }) });
      assert.equal(over.status, 400, over.text);
      assert.match(over.json().description, /the label k0 has at most 100 values/);
      const long = Array.from({ length: 16 }, (_, i) => `${'z'.repeat(240)}${i}`); // 16 x 241 bytes
      const big = await patch({ labels: adds({ k1: long }) });
      assert.equal(big.status, 400, big.text);
      assert.match(big.json().description, /at most 4096 bytes/);
      assert.equal(big.json().code, 'btp.bad_parameters');

      // operations: the create stays, the oldest of more than 20 others goes
      const first = await patch({ name: 'renamed' });
      assert.equal(first.status, 202, first.text);
      const firstOp = first.headers.location as string;
      await poll(person, firstOp);
      for (let i = 0; i < 20; i++) {
        const res = await patch({ name: `renamed-${i}` }, false);
        assert.equal(res.status, 200, res.text);
      }
      assert.equal((await person('GET', firstOp)).status, 404, 'the 21st newest update is gone');
      assert.equal((await person('GET', createOp)).status, 200, 'the create stays');
      const latest = (await person('GET', `/v1/service_instances/${id}`)).json();
      assert.equal(latest.name, 'renamed-19');
      assert.equal(latest.last_operation.type, 'update');
    } finally {
      await t.close();
    }
  });
}
