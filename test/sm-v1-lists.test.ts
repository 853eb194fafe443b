/**
 * The lists of the Service Manager API on the real server (SQLite and PostgreSQL): `max_items` and `token`
 * paging in a stable order, `num_items` counting every match, a foreign token refused, `fieldQuery` and
 * `labelQuery` with 400 in SAP's shape for a malformed query, and a person's `subaccount_id`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';

const q = (s: string) => encodeURIComponent(s);

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: paging, queries and their refusals`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const call = (method: string, path: string, body?: unknown) =>
        t.http.call(method, path, { cookie: a.cookie, ...(body === undefined ? {} : { body }) });
      const plan = (await call('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json()
        .items[0].id as string;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await call('POST', '/v1/service_instances?async=false', {
          name: `inst-${i}`,
          service_plan_id: plan,
          labels: { team: [i % 2 === 0 ? 'even' : 'odd'], 'app.kubernetes.io/name': [`n${i}`] },
        });
        assert.equal(res.status, 201, res.text);
        made.push(res.json().id);
      }

      // pages of two: every instance once, in creation order, num_items the total each time
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await call('GET', `/v1/service_instances?max_items=2${token ? `&token=${q(token)}` : ''}`);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json().num_items, 5);
        assert.ok(res.json().items.length <= 2);
        seen.push(...res.json().items.map((i: { id: string }) => i.id));
        token = res.json().token;
        pages += 1;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(seen, made);
      const countOnly = (await call('GET', '/v1/service_instances?max_items=0')).json();
      assert.deepEqual([countOnly.num_items, countOnly.items.length, countOnly.token], [5, 0, undefined]);

      // queries over fields and labels, combined (both must hold)
      const odd = await call('GET', `/v1/service_instances?labelQuery=${q("team eq 'odd'")}`);
      assert.deepEqual(
        odd.json().items.map((i: { name: string }) => i.name),
        ['inst-1', 'inst-3'],
      );
      const both = await call(
        'GET',
        `/v1/service_instances?labelQuery=${q("team eq 'even' and app.kubernetes.io/name notin ('n0')")}&fieldQuery=${q("name ne 'inst-4'")}`,
      );
      assert.deepEqual(
        both.json().items.map((i: { name: string }) => i.name),
        ['inst-2'],
      );
      const since = made[0] && (await call('GET', `/v1/service_instances/${made[0]}`)).json().created_at;
      const later = await call('GET', `/v1/service_instances?fieldQuery=${q(`created_at gt ${since}`)}`);
      assert.equal(later.json().num_items, 4, later.text);
      const contains = await call(
        'GET',
        `/v1/service_instances?fieldQuery=${q("name contains 'st-3' and ready eq true")}`,
      );
      assert.equal(contains.json().num_items, 1);

      // refusals: SAP's {error, description}, our code, the problem named
      const refused: [string, string, RegExp][] = [
        [`fieldQuery=${q("name = 'x'")}`, 'btp.sm_bad_query', /fieldQuery: expected an operator after "name"/],
        [`fieldQuery=${q("name eq 'x")}`, 'btp.sm_bad_query', /not closed/],
        [`fieldQuery=${q("nmae eq 'x'")}`, 'btp.sm_bad_query', /nmae is not a field of service instances/],
        [`fieldQuery=${q("name eq 'a' or name eq 'b'")}`, 'btp.sm_bad_query', /no "or"/],
        [`labelQuery=${q('team gt 1')}`, 'btp.sm_bad_query', /labelQuery: gt applies to field queries only/],
        ['token=bm90LWEtdG9rZW4', 'btp.sm_bad_paging', /token: not a paging token/],
        ['max_items=500', 'request.invalid_query', /max_items/],
      ];
      for (const [query, code, description] of refused) {
        const res = await call('GET', `/v1/service_instances?${query}`);
        assert.equal(res.status, 400, `${query}: ${res.text}`);
        assert.equal(res.json().error, 'BadRequest');
        assert.equal(res.json().code, code, query);
        assert.match(res.json().description, description);
      }
      // an unknown subaccount_id is 404, one administered narrows the list
      assert.equal((await call('GET', '/v1/service_instances?subaccount_id=nope')).status, 404);
      const mine = await call('GET', `/v1/service_instances?subaccount_id=${a.subaccountId}`);
      assert.equal(mine.json().num_items, 5);
      // a malformed JSON body is 400 in SAP's shape too (the route's error handler)
      const badJson = await t.http.call('POST', '/v1/service_instances', {
        cookie: a.cookie,
        rawBody: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(badJson.status, 400, badJson.text);
      assert.deepEqual([badJson.json().error, badJson.json().code], ['BadRequest', 'request.malformed_body']);
      // SAP's limit of 50 instance creations a minute per caller: the 51st is 429 with Retry-After
      let limited: Awaited<ReturnType<typeof call>> | undefined;
      for (let i = 0; i < 51 && !limited; i++) {
        const res = await call('POST', '/v1/service_instances', { name: `r-${i}`, service_plan_id: 'no-such-plan' });
        if (res.status === 429) limited = res;
        else assert.equal(res.status, 400, res.text);
      }
      assert.ok(limited, 'no 429 after 50 creations');
      assert.deepEqual([limited.json().error, limited.json().code], ['TooManyRequests', 'btp.rate_limited']);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await call('GET', '/v1/service_instances')).status, 200, 'reads have their own, larger limit');
    } finally {
      await t.close();
    }
  });
}
