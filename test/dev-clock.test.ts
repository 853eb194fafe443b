/**
 * The development clock (issue 18) on the real server, SQLite and PostgreSQL: `POST /dev/v1/clock/advance` makes a
 * fresh access token expire at the Cloud ALM API and a new one works, with its `iat` on the moved time; an x509
 * binding's certificate shows as expired after an advance; only the calm-keys Administrator moves or reads it, each
 * move audited; `calm-keys clock` against the server; without --dev-clock the moves are refused (409).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured } from './support/cli.js';
import { mintSecretKey, MASTER, type MintedKey } from './support/keys.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw, userWithRoles } from './support/landscape.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';

const HOUR = 3_600_000;
const STANDARD_PLAN_ID = findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id;

async function apiToken(t: TestServer, cookie: string): Promise<string> {
  const res = await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'clock' } });
  assert.equal(res.status, 201, res.text);
  return res.json().token as string;
}

async function accessToken(t: TestServer, key: MintedKey['key']) {
  const res = await t.http.call('POST', '/oauth/token', {
    rawBody: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: key.uaa.clientid!,
      client_secret: key.uaa.clientsecret!,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 200, res.text);
  const body = res.json() as { access_token: string; expires_in: number };
  const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString()) as {
    iat: number;
    exp: number;
    nbf?: number;
  };
  return { jwt: body.access_token, expiresIn: body.expires_in, claims };
}

/** The key's zone has no Cloud ALM tenant: the API answers alm.no_tenant once the token has verified. */
async function atTheApi(t: TestServer, jwt: string): Promise<'verified' | string> {
  const res = await t.http.call('GET', '/api/calm-metrics/v1/metrics', { token: jwt });
  return res.json().error?.code === 'alm.no_tenant' ? 'verified' : `${res.status} ${res.json().error?.code}`;
}

for (const kind of await testDatabaseKinds()) {
  describe(kind.name, () => {
    let t: TestServer;
    let admin: string; // the administrator's API token: a session would end with the first 13 h
    const advance = (by: unknown, token = admin) =>
      t.http.call('POST', '/dev/v1/clock/advance', { token, body: { by } });
    const show = (token = admin) => t.http.call('GET', '/dev/v1/clock', { token });

    before(async () => {
      t = await startTestServer({
        database: kind.name,
        env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_DEV_CLOCK: 'true' },
        start: { demo: false },
      });
      admin = await apiToken(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    });
    after(() => t.close());

    test('advance 13h: a token that worked is refused at the Cloud ALM API, a new one works, its iat is on the moved clock', async () => {
      const { key } = await mintSecretKey(t.server, {
        scopes: [`${MASTER}.calm-api.metrics.read`, `${MASTER}.calm-api.hm.read`, 'uaa.resource'],
      });
      const first = await accessToken(t, key);
      assert.ok(first.expiresIn < 13 * 3600, `expires_in ${first.expiresIn} s, shorter than the advance`);
      assert.equal(await atTheApi(t, first.jwt), 'verified', 'precondition: the fresh token works');
      assert.ok(Math.abs(first.claims.iat * 1000 - Date.now()) < 60_000, 'before: iat is real time');

      const moved = await advance('13h');
      assert.equal(moved.status, 200, moved.text);
      assert.equal(moved.json().adjustable, true);
      assert.equal(moved.json().offsetMs, 13 * HOUR);
      assert.equal(moved.json().offset, '13h');
      assert.ok(Math.abs(Date.parse(moved.json().now) - (Date.now() + 13 * HOUR)) < 60_000, moved.text);

      const refused = await t.http.call('GET', '/api/calm-metrics/v1/metrics', { token: first.jwt });
      assert.equal(refused.status, 401, refused.text);
      const second = await accessToken(t, key);
      assert.equal(await atTheApi(t, second.jwt), 'verified', 'a token fetched after the move works');
      assert.ok(
        Math.abs(second.claims.iat * 1000 - (Date.now() + 13 * HOUR)) < 60_000,
        `iat ${new Date(second.claims.iat * 1000).toISOString()} follows the moved clock`,
      );
      assert.equal(second.claims.exp - second.claims.iat, 43_200, 'exp on the moved clock too (12 h validity)');
      // a verifier on real time (the client's xssec) would refuse a token whose nbf lies 13 h ahead
      assert.equal(second.claims.nbf, undefined, 'no nbf');

      const audit = await t.http.call('GET', '/audit/v1/events?action=system.clock.advanced', { token: admin });
      assert.equal(audit.status, 200, audit.text);
      const [event] = audit.json().events;
      assert.equal(event.outcome, 'success');
      assert.equal(event.actor.name, 'admin');
      assert.match(JSON.stringify(event.details), /"by":"13h"/);
    });

    test('an x509 binding valid 5 days shows as expired after advancing 5 more days', async () => {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const owner = await apiToken(t, tenant.cookie);
      const call = (method: string, path: string, body?: unknown) =>
        t.http.call(method, path, { token: owner, ...(body === undefined ? {} : { body }) });
      const instance = await call(
        'POST',
        `/v1/service_instances?async=false&subaccount_id=${encodeURIComponent(tenant.subaccountId)}`,
        {
          name: 'clock',
          service_plan_id: STANDARD_PLAN_ID,
          parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': ['x509'] } } },
        },
      );
      assert.equal(instance.status, 201, instance.text);
      const binding = await call('POST', '/v1/service_bindings?async=false', {
        name: 'five-days',
        service_instance_id: instance.json().id,
        parameters: { 'credential-type': 'x509', x509: { validity: 5, 'validity-type': 'DAYS' } },
      });
      assert.equal(binding.status, 201, binding.text);
      const certificate = async () => {
        const res = await call('GET', `/btp/v1/binding_certificates?service_instance_id=${instance.json().id}`);
        assert.equal(res.status, 200, res.text);
        return res.json().items[0] as { state: string; days_left: number };
      };
      // issued on real time (TLS checks it against the host's clock), judged by the moved one: 13 h are gone already
      const before = await certificate();
      assert.equal(before.state, 'critical');
      assert.equal(before.days_left, 4);
      assert.equal((await advance('5d')).status, 200);
      const afterAdvance = await certificate();
      assert.equal(afterAdvance.state, 'expired', JSON.stringify(afterAdvance));
      assert.ok(afterAdvance.days_left <= 0, JSON.stringify(afterAdvance));
    });

    test('a deleted key past its recovery window (7 days) is swept right after an advance, not at the next hourly sweep', async () => {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const key = await btpKey(t, tenant.cookie, tenant.subaccountId);
      assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
      const deleted = await t.http.call('DELETE', slotPath(tenant.tenantId), { cookie: tenant.cookie });
      assert.ok(deleted.status < 300, deleted.text);
      const kept = () =>
        t.server.store.db.selectFrom('lm_deleted_keys').select('id').where('tenant_id', '=', tenant.tenantId).execute();
      assert.equal((await kept()).length, 1, 'precondition: the deleted key waits in its recovery window');
      assert.equal((await advance('6d')).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await kept()).length, 1, 'still inside the window after 6 days');
      assert.equal((await advance('2d')).status, 200);
      const deadline = Date.now() + 5000;
      while ((await kept()).length > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await kept()).length, 0, 'the recovery sweep ran after the advance');
    });

    test('only the calm-keys Administrator reads or moves the clock; each refusal is audited, bad durations are 400', async () => {
      const adminCookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, adminCookie);
      const people = {
        nobody: await userWithRoles(t, adminCookie, `nobody-${kind.name}`, []),
        keyAdmin: await userWithRoles(t, adminCookie, `keyadmin-${kind.name}`, [
          { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
        ]),
        subaccountAdmin: await userWithRoles(t, adminCookie, `subadmin-${kind.name}`, [
          { role: 'SubaccountAdministrator', scopeId: tenant.subaccountId },
        ]),
      };
      const before = (await show()).json().offsetMs as number;
      for (const [who, cookie] of Object.entries(people)) {
        for (const [method, path, body] of [
          ['GET', '/dev/v1/clock', undefined],
          ['POST', '/dev/v1/clock/advance', { by: '1h' }],
          ['DELETE', '/dev/v1/clock', undefined],
        ] as const) {
          const res = await t.http.call(method, path, { cookie, ...(body ? { body } : {}) });
          assert.equal(res.status, 403, `${who} ${method} ${path}: ${res.text}`);
          assert.equal(res.json().error.code, 'access.forbidden');
        }
      }
      assert.equal((await show()).json().offsetMs, before, 'nobody but the administrator moved it');
      const denied = await t.http.call('GET', '/audit/v1/events?action=access.denied', { token: admin });
      assert.ok(
        (denied.json().events as { details: { action: string } }[]).filter(
          (e) => e.details.action === 'system.clock.manage',
        ).length >= 9,
        'the refusals are recorded',
      );
      for (const by of ['13', '1.5h', '-1h', '0s', '3651d', 13])
        assert.equal(
          (await advance(by)).json().error?.code,
          by === 13 ? 'request.invalid_body' : 'clock.bad_duration',
          String(by),
        );
      assert.equal((await show()).json().offsetMs, before);
    });

    test('calm-keys clock show | advance | reset against the server', async () => {
      const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', admin];
      const before = (await show()).json().offsetMs as number;
      const advanced = await runCliCaptured(['clock', 'advance', '30m', ...server]);
      assert.equal(advanced.code, 0, advanced.err);
      assert.equal((await show()).json().offsetMs, before + 30 * 60_000);
      assert.match(advanced.out, /ahead of real time/);
      const shown = await runCliCaptured(['clock', 'show', '--json', ...server]);
      assert.equal(JSON.parse(shown.out).offsetMs, before + 30 * 60_000);
      const typo = await runCliCaptured(['clock', 'advance', '13 hours', ...server]);
      assert.equal(typo.code, 2);
      assert.match(typo.err, /not a duration/);
      const reset = await runCliCaptured(['clock', 'reset', ...server]);
      assert.equal(reset.code, 0, reset.err);
      assert.match(reset.out, /real time/);
      const now = (await show()).json();
      assert.equal(now.offsetMs, 0);
      assert.ok(Math.abs(Date.parse(now.now) - Date.now()) < 60_000);
      const events = await t.http.call('GET', '/audit/v1/events?action=system.clock.reset', { token: admin });
      assert.equal(events.json().events[0].details.previousOffsetMs, before + 30 * 60_000);
    });
  });
}

describe('without --dev-clock', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  });
  after(() => t.close());

  test('the clock shows real time and every move is refused with 409 clock.not_adjustable, also by the CLI', async () => {
    const admin = await apiToken(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    const shown = await t.http.call('GET', '/dev/v1/clock', { token: admin });
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.json().adjustable, false);
    assert.equal(shown.json().offsetMs, 0);
    for (const [method, path, body] of [
      ['POST', '/dev/v1/clock/advance', { by: '13h' }],
      ['DELETE', '/dev/v1/clock', undefined],
    ] as const) {
      const res = await t.http.call(method, path, { token: admin, ...(body ? { body } : {}) });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.json().error.code, 'clock.not_adjustable');
      assert.match(res.json().error.message, /--dev-clock/);
    }
    const cli = await runCliCaptured([
      'clock',
      'advance',
      '13h',
      '--url',
      t.server.url,
      '--ca',
      t.server.caFile!,
      '--token',
      admin,
    ]);
    assert.equal(cli.code, 1, cli.err);
    assert.match(cli.err, /clock\.not_adjustable/);
    const refused = await t.http.call('GET', '/audit/v1/events?action=system.clock.refused', { token: admin });
    assert.equal(refused.json().events.length, 3);
    assert.ok(
      Math.abs(Date.parse((await t.http.call('GET', '/dev/v1/clock', { token: admin })).json().now) - Date.now()) <
        60_000,
    );
  });
});
