/**
 * SAP's Accounts service API (`/accounts/v1`) over HTTP on the real server, on SQLite and PostgreSQL: the
 * caller's global account (with `expand=true` its subaccounts), the subaccount list as `{value}`, one subaccount,
 * creating one with SAP's body and answer shape (epoch-ms dates, state OK), through a session and an API token;
 * a person sees only what they administer (403 without a role, 404 and an empty list for another global
 * account's subaccounts); a bad body is a 400 naming the problem; the `/btp/v1` routes show the same subaccount.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { ADMIN_PASSWORD, userWithRoles } from './support/landscape.js';
import { signIn, startTestServer } from './support/server.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the Accounts service API shows and creates what the caller administers, as SAP shapes it`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      let admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const as = (cookie: string) => (method: string, path: string, body?: unknown) =>
        t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });
      const ga = async (name: string) => {
        const res = await as(admin)('POST', '/btp/v1/global_accounts', { name });
        assert.equal(res.status, 201, res.text);
        return res.json().id as string;
      };
      const ga1 = await ga('Acme');
      const ga2 = await ga('Other');
      const grant = await as(admin)('POST', '/access/v1/users/admin/roles', {
        role: 'GlobalAccountAdministrator',
        scopeId: ga1,
      });
      assert.equal(grant.status, 204, grant.text);
      admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const other = await userWithRoles(t, admin, 'other-admin', [
        { role: 'GlobalAccountAdministrator', scopeId: ga2 },
      ]);
      const nobody = await userWithRoles(t, admin, 'nobody', []);
      const token = (await as(admin)('POST', '/auth/v1/tokens', { name: 'accounts' })).json().token as string;

      // the caller's global account, without and with its subaccounts
      const before = Date.now();
      const mine = await as(admin)('GET', '/accounts/v1/globalAccount');
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(
        { ...mine.json(), createdDate: typeof mine.json().createdDate },
        {
          guid: ga1,
          displayName: 'Acme',
          description: '',
          entityState: 'OK',
          createdDate: 'number',
          modifiedDate: mine.json().createdDate,
        },
      );
      assert.ok(Math.abs(mine.json().createdDate - before) < 60_000, 'createdDate is epoch ms of the creation');

      // create with SAP's body through an API token: 201 with the subaccount, state OK
      const subdomain = `acme-dev-${Date.now() % 100000}`;
      const created = await t.http.call('POST', '/accounts/v1/subaccounts', {
        token,
        body: { displayName: 'Acme Dev', subdomain, region: 'eu10' },
      });
      assert.equal(created.status, 201, created.text);
      const sub = created.json();
      assert.equal(typeof sub.guid, 'string');
      assert.equal(typeof sub.createdDate, 'number');
      assert.deepEqual(sub, {
        guid: sub.guid,
        technicalName: sub.guid,
        parentGUID: ga1,
        globalAccountGUID: ga1,
        displayName: 'Acme Dev',
        description: '',
        subdomain,
        region: 'eu10',
        state: 'OK',
        betaEnabled: false,
        usedForProduction: 'UNSET',
        createdDate: sub.createdDate,
        modifiedDate: sub.createdDate,
      });
      assert.deepEqual((await as(admin)('GET', `/accounts/v1/subaccounts/${sub.guid}`)).json(), sub);
      assert.deepEqual((await as(admin)('GET', '/accounts/v1/subaccounts')).json(), { value: [sub] });
      const expanded = (await as(admin)('GET', '/accounts/v1/globalAccount?expand=true')).json();
      assert.deepEqual(expanded.subaccounts, [sub]);
      // the cockpit's own route shows the same subaccount
      const legacy = (await as(admin)('GET', `/btp/v1/subaccounts/${sub.guid}`)).json();
      assert.deepEqual([legacy.name, legacy.subdomain, legacy.globalAccountId], ['Acme Dev', subdomain, ga1]);

      // another global account's administrator sees none of it and cannot create in it
      assert.equal((await as(other)('GET', '/accounts/v1/globalAccount')).json().guid, ga2);
      assert.deepEqual((await as(other)('GET', '/accounts/v1/subaccounts')).json(), { value: [] });
      const foreign = await as(other)('GET', `/accounts/v1/subaccounts/${sub.guid}`);
      assert.deepEqual([foreign.status, foreign.json().error.code], [404, 'subaccount.not_found']);
      const foreignGa = await as(other)('GET', `/accounts/v1/globalAccount?globalAccountGUID=${ga1}`);
      assert.equal(foreignGa.status, 404, foreignGa.text);
      const intoForeign = await as(other)('POST', '/accounts/v1/subaccounts', {
        displayName: 'Sneaky',
        subdomain: `sneaky-${Date.now() % 100000}`,
        region: 'eu10',
        parentGUID: ga1,
      });
      assert.equal(intoForeign.status, 404, intoForeign.text);
      assert.deepEqual((await as(admin)('GET', '/accounts/v1/subaccounts')).json(), { value: [sub] });

      // a person without a role: 403 for the global account and creating, an empty list
      const refused = await as(nobody)('GET', '/accounts/v1/globalAccount');
      assert.deepEqual([refused.status, refused.json().error.code], [403, 'access.forbidden']);
      const refusedCreate = await as(nobody)('POST', '/accounts/v1/subaccounts', {
        displayName: 'X',
        subdomain: `x-${Date.now() % 100000}`,
        region: 'eu10',
      });
      assert.deepEqual([refusedCreate.status, refusedCreate.json().error.code], [403, 'access.forbidden']);
      assert.deepEqual((await as(nobody)('GET', '/accounts/v1/subaccounts')).json(), { value: [] });
      assert.equal((await t.http.call('GET', '/accounts/v1/subaccounts')).status, 401);

      // bad bodies: 400 naming the problem, nothing created
      const missing = await as(admin)('POST', '/accounts/v1/subaccounts', {
        displayName: 'No subdomain',
        region: 'eu10',
      });
      assert.equal(missing.status, 400, missing.text);
      assert.equal(missing.json().error.code, 'request.invalid_body');
      assert.ok(
        missing.json().error.details.some((d: { path: string }) => d.path === 'subdomain'),
        missing.text,
      );
      const unknownField = await as(admin)('POST', '/accounts/v1/subaccounts', {
        displayName: 'Described',
        subdomain: `described-${Date.now() % 100000}`,
        region: 'eu10',
        description: 'calm-keys keeps none',
      });
      assert.equal(unknownField.status, 400, unknownField.text);
      assert.match(unknownField.json().error.message, /description/);
      const badRegion = await as(admin)('POST', '/accounts/v1/subaccounts', {
        displayName: 'Bad region',
        subdomain: `bad-region-${Date.now() % 100000}`,
        region: 'moon',
      });
      assert.deepEqual([badRegion.status, badRegion.json().error.code], [400, 'btp.bad_region']);
      assert.equal((await as(admin)('GET', '/accounts/v1/subaccounts')).json().value.length, 1);

      // administering two global accounts: name one
      const second = await as(admin)('POST', '/access/v1/users/admin/roles', {
        role: 'GlobalAccountAdministrator',
        scopeId: ga2,
      });
      assert.equal(second.status, 204, second.text);
      admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const ambiguous = await as(admin)('GET', '/accounts/v1/globalAccount');
      assert.deepEqual([ambiguous.status, ambiguous.json().error.code], [400, 'btp.global_account_required']);
      assert.equal((await as(admin)('GET', `/accounts/v1/globalAccount?globalAccountGUID=${ga2}`)).json().guid, ga2);
    } finally {
      await t.close();
    }
  });
}
