/**
 * Certificate expiry (issue 17) on the real server, SQLite and PostgreSQL: an x509 binding's end in
 * `/btp/v1/binding_certificates` (what the cockpit's service keys read) and in `calm-keys btp list|get
 * services/binding` with a warning line; its key, 5 days from its end, warned W-cert-expiring by `key validate`
 * and `key test`; a slot key carrying that certificate shows `certificateExpiry` in the slot view (also to a
 * Security Viewer) and the LM dry run warns; the sweep, run twice, records one `key.certificate_expiring`
 * outbox event and one audit record. Key sizes are XSUAA's smallest (2048).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured } from './support/cli.js';
import { ADMIN_PASSWORD, emptyTenant, slotPath, uploadMultipart, userWithRoles } from './support/landscape.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';

const DAY = 86_400_000;
const STANDARD_PLAN_ID = findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id;

for (const kind of await testDatabaseKinds()) {
  describe(kind.name, () => {
    let t: TestServer;
    let cookie: string;
    let token: string;
    let tenant: Awaited<ReturnType<typeof emptyTenant>>;
    let instanceId: string;
    let soon: { id: string; credentials: { uaa: Record<string, string> } };
    let later: { id: string };
    let secretKey: { uaa: Record<string, string> };
    const work = mkdtempSync(join(tmpdir(), 'calm-keys-expiry-'));

    const call = (method: string, path: string, body?: unknown, as = cookie) =>
      t.http.call(method, path, { cookie: as, ...(body === undefined ? {} : { body }) });
    const btpCli = (...args: string[]) =>
      runCliCaptured([...args, '--url', t.server.url, '--ca', t.server.caFile!, '--token', token]);
    const binding = async (name: string, parameters: unknown) => {
      const res = await call('POST', '/v1/service_bindings?async=false', {
        name,
        service_instance_id: instanceId,
        parameters,
      });
      assert.equal(res.status, 201, res.text);
      return res.json();
    };

    before(async () => {
      t = await startTestServer({
        database: kind.name,
        env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
        start: { demo: false },
      });
      tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      cookie = tenant.cookie;
      token = (await call('POST', '/auth/v1/tokens', { name: 'cli' })).json().token as string;
      const instance = await call(
        'POST',
        `/v1/service_instances?async=false&subaccount_id=${encodeURIComponent(tenant.subaccountId)}`,
        {
          name: 'expiry',
          service_plan_id: STANDARD_PLAN_ID,
          parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': ['binding-secret', 'x509'] } } },
        },
      );
      assert.equal(instance.status, 201, instance.text);
      instanceId = instance.json().id;
      soon = await binding('soon', { 'credential-type': 'x509', x509: { validity: 5, 'validity-type': 'DAYS' } });
      later = await binding('later', { 'credential-type': 'x509', x509: { validity: 2, 'validity-type': 'MONTHS' } });
      secretKey = (await binding('secret', { 'credential-type': 'binding-secret' })).credentials;
    });
    after(() => t.close());

    test('the x509 bindings of an instance with their end, days left and state; none for a secret key', async () => {
      const res = await call('GET', `/btp/v1/binding_certificates?service_instance_id=${instanceId}`);
      assert.equal(res.status, 200, res.text);
      const items = res.json().items as { service_binding_id: string; [k: string]: unknown }[];
      assert.deepEqual(items.map((i) => i.service_binding_name).sort(), ['later', 'soon']);
      const s = items.find((i) => i.service_binding_id === soon.id)!;
      assert.equal(s.state, 'critical');
      assert.ok(s.days_left === 4 || s.days_left === 5, String(s.days_left));
      assert.ok(Math.abs(Date.parse(String(s.not_after)) - (Date.now() + 5 * DAY)) < 120_000, String(s.not_after));
      assert.equal(s.credential_type, 'x509');
      const l = items.find((i) => i.service_binding_id === later.id)!;
      assert.equal(l.state, 'valid');
      assert.ok(Number(l.days_left) >= 59, String(l.days_left));
      assert.doesNotMatch(res.text, /BEGIN|clientsecret/, 'no credential in the list');

      // SAP's /v1 binding stays SAP's: no expiry field added there
      const sm = await call('GET', `/v1/service_bindings/${soon.id}`);
      assert.equal(sm.status, 200);
      assert.equal(sm.json().not_after, undefined);

      // another person sees none of it; a subaccount they do not administer is 404
      const stranger = await userWithRoles(t, cookie, `stranger-${kind.name}`, []);
      const theirs = await call('GET', '/btp/v1/binding_certificates', undefined, stranger);
      assert.equal(theirs.status, 200);
      assert.equal(theirs.json().num_items, 0);
      const named = await call(
        'GET',
        `/btp/v1/binding_certificates?subaccount_id=${tenant.subaccountId}`,
        undefined,
        stranger,
      );
      assert.equal(named.status, 404);
      assert.equal(named.json().error.code, 'subaccount.not_found');
    });

    test('calm-keys btp list and get services/binding print the end and a warning line', async () => {
      const listed = await btpCli('btp', 'list', 'services/binding');
      assert.equal(listed.code, 0, listed.err);
      const rows = JSON.parse(listed.out) as Record<string, unknown>[];
      const row = rows.find((r) => r.id === soon.id)!;
      assert.equal(row.certificate_state, 'critical');
      assert.ok(typeof row.certificate_expires_at === 'string');
      assert.equal(rows.find((r) => r.name === 'secret')!.certificate_state, undefined);
      assert.match(
        listed.err,
        new RegExp(
          `warning: the certificate of binding soon \\(${soon.id}\\) expires on .* \\(in [45] days, critical\\)`,
        ),
      );
      assert.doesNotMatch(listed.err, /binding later/, 'a valid certificate gives no warning');

      const shown = await btpCli('btp', 'get', 'services/binding', soon.id);
      assert.equal(shown.code, 0, shown.err);
      assert.match(String(JSON.parse(shown.out).certificate_days_left), /^[45]$/);
      assert.match(shown.err, /warning: the certificate of binding soon/);
      assert.doesNotMatch(shown.out, /BEGIN (RSA )?PRIVATE KEY/);
    });

    test('key validate and key test warn W-cert-expiring on the key that ends in 5 days', async () => {
      const file = join(work, `soon-${kind.name}.json`);
      writeFileSync(file, JSON.stringify(soon.credentials, null, 2), { mode: 0o600 });
      const validated = await runCliCaptured(['key', 'validate', file]);
      // LM refuses x509 keys (F3, F4: SAP's rules); the certificate's end is a warning, never a refusal
      assert.equal(validated.code, 1, validated.out);
      assert.match(validated.out, /warning W-cert-expiring uaa\.certificate: .*expires in [45] days/);
      assert.doesNotMatch(validated.out, /error W-cert/);

      const tested = await runCliCaptured(['key', 'test', file, '--ca', t.server.caFile!]);
      assert.equal(tested.code, 0, `${tested.out}\n${tested.err}`);
      assert.match(tested.out, /PASS/);
      assert.match(tested.err, /warning W-cert-expiring uaa\.certificate: /);
      const asJson = await runCliCaptured(['key', 'test', file, '--ca', t.server.caFile!, '--json']);
      assert.equal(JSON.parse(asJson.out).certificateWarnings[0].rule, 'W-cert-expiring');
    });

    test('a slot key with that certificate: the dry run warns, the view shows it, the sweep warns once', async () => {
      // a binding-secret key LM accepts, carrying the 5-day certificate next to its secret
      const key = { ...secretKey, uaa: { ...secretKey.uaa, certificate: soon.credentials.uaa.certificate } };
      const bytes = Buffer.from(JSON.stringify(key, null, 2));
      const dry = await uploadMultipart(t, cookie, tenant.tenantId, bytes, 'key.txt', '?dryRun=true');
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.json().valid, true);
      assert.ok(
        dry.json().warnings.some((w: { rule: string }) => w.rule === 'W-cert-expiring'),
        dry.text,
      );
      const uploaded = await uploadMultipart(t, cookie, tenant.tenantId, bytes);
      assert.equal(uploaded.status, 201, uploaded.text);

      const view = await call('GET', slotPath(tenant.tenantId));
      assert.equal(view.status, 200, view.text);
      const expiry = view.json().key.certificateExpiry;
      assert.equal(expiry.state, 'critical');
      assert.ok(expiry.daysLeft === 4 || expiry.daysLeft === 5, String(expiry.daysLeft));
      assert.match(expiry.message, /expires on .* \(in [45] days\)/);

      const shown = await btpCli('lm', 'key', 'show', '--tenant', tenant.tenantId);
      assert.equal(shown.code, 0, shown.err);
      assert.match(shown.out, /^certificate critical: The certificate expires on .* \(in [45] days\)/m);
      assert.match(shown.err, /^warning: The certificate expires on /m);

      // a Security Viewer sees the warning too
      const viewer = await userWithRoles(t, cookie, `viewer-${kind.name}`, [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);
      const seen = await call('GET', slotPath(tenant.tenantId), undefined, viewer);
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.json().key.certificateExpiry.state, 'critical');

      const first = await t.server.landscape.certificateExpiry.sweep();
      const second = await t.server.landscape.certificateExpiry.sweep();
      assert.deepEqual(
        first.warned.map((w) => [w.tenantId, w.daysLeft]),
        [[tenant.tenantId, 7]],
      );
      assert.equal(second.warned.length, 0);
      const db = t.server.store.db;
      const events = await db
        .selectFrom('outbox_events')
        .select(['payload'])
        .where('topic', '=', 'lm.key.certificate_expiring')
        .execute();
      assert.equal(events.length, 1, 'recorded once');
      const payload = JSON.parse(events[0]!.payload) as Record<string, unknown>;
      assert.equal(payload.tenantId, tenant.tenantId);
      assert.equal(payload.daysLeft, 7);
      assert.equal(payload.clientId, secretKey.uaa.clientid);
      assert.doesNotMatch(events[0]!.payload, /clientsecret|BEGIN|\$/, 'no secret in the payload');
      const audits = await db
        .selectFrom('audit_events')
        .select(['actor_type', 'tenant_id'])
        .where('action', '=', 'lm.service_key.certificate_expiring')
        .execute();
      assert.deepEqual(audits, [{ actor_type: 'system', tenant_id: tenant.tenantId }]);
    });
  });
}
