/**
 * Every refusal of an authorization decision is recorded as `access.denied`, whichever service made it:
 * Landscape Management, BTP, users, the audit log and the signing keys (whose check once lived in their
 * routes and recorded nothing). The status and code a caller sees are unchanged (403 for a resource one
 * can see or a system action, 404 with the resource's own code otherwise).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type HttpResponse, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant, userWithRoles } from './support/landscape.js';

async function denialOf(t: TestServer, res: HttpResponse) {
  const requestId = res.json().error.requestId as string;
  const rows = await t.server.store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('request_id', '=', requestId)
    .execute();
  return rows.map((r) => ({ action: r.action, outcome: r.outcome, details: JSON.parse(r.details) as unknown }));
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: refusals of every service are audited as access.denied, with unchanged answers`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, admin);
      const viewer = await userWithRoles(t, tenant.cookie, 'sec-viewer', [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);

      const cases: [string, () => Promise<HttpResponse>, number, string, string, string][] = [
        [
          'audit log',
          () => t.http.call('GET', '/audit/v1/events', { cookie: viewer }),
          403,
          'access.forbidden',
          'system.audit.view',
          'system',
        ],
        [
          'signing keys',
          () => t.http.call('GET', '/xsuaa/v1/signing-keys', { cookie: viewer }),
          403,
          'access.forbidden',
          'system.signing_key.manage',
          'system',
        ],
        [
          'rotation',
          () => t.http.call('POST', '/xsuaa/v1/signing-keys/rotate', { cookie: viewer, body: {} }),
          403,
          'access.forbidden',
          'system.signing_key.manage',
          'system',
        ],
        [
          'users',
          () => t.http.call('GET', '/access/v1/users', { cookie: viewer }),
          403,
          'access.forbidden',
          'system.user.manage',
          'system',
        ],
        [
          'global account',
          () => t.http.call('POST', '/btp/v1/global_accounts', { cookie: viewer, body: { name: 'x' } }),
          403,
          'access.forbidden',
          'btp.global_account.create',
          'system',
        ],
        // a Landscape Management role in the tenant says nothing about its subaccount: 404, as before
        [
          'subaccount',
          () => t.http.call('GET', `/btp/v1/subaccounts/${tenant.subaccountId}`, { cookie: viewer }),
          404,
          'subaccount.not_found',
          'btp.subaccount.view',
          'subaccount',
        ],
        [
          'service key delete',
          () => t.http.call('DELETE', `/lm/v1/tenants/${tenant.tenantId}/service-key`, { cookie: viewer }),
          403,
          'access.forbidden',
          'lm.service_key.delete',
          'tenant',
        ],
      ];
      for (const [what, call, status, code, action, resourceKind] of cases) {
        const res = await call();
        assert.equal(res.status, status, `${what}: ${res.text}`);
        assert.equal(res.json().error.code, code, what);
        const refusal = status === 403 ? 'forbidden' : 'not_found';
        assert.deepEqual(
          await denialOf(t, res),
          [{ action: 'access.denied', outcome: 'denied', details: { action, resourceKind, refusal } }],
          what,
        );
      }

      // the administrator still reads the audit log and the keys, and sees those refusals there
      const events = await t.http.call('GET', '/audit/v1/events?action=access.denied', { cookie: admin });
      assert.equal(events.status, 200, events.text);
      assert.ok(events.json().events.length >= cases.length);
      assert.equal((await t.http.call('GET', '/xsuaa/v1/signing-keys', { cookie: admin })).status, 200);
    } finally {
      await t.close();
    }
  });
}
