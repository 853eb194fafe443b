/**
 * Upload (`+`) in the SAP Cloud ALM Service Key section: the format check F1-F4 with the tenant's identity
 * zone, each failure a 400 naming the rule and JSON path with the warnings alongside; the 64 KiB limit;
 * the dry run; and F5 under load: of 100 concurrent uploads to one empty slot exactly one is stored.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import {
  ADMIN_PASSWORD,
  btpKey,
  emptyTenant,
  slotPath,
  uploadMultipart,
  uploadRaw,
  userWithRoles,
} from './support/landscape.js';

let t: TestServer;
let tenant: Awaited<ReturnType<typeof emptyTenant>>;
let key: Awaited<ReturnType<typeof btpKey>>;

before(async () => {
  t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  key = await btpKey(t, tenant.cookie, tenant.subaccountId);
});
after(() => t.close());

const doc = () => JSON.parse(key.keyText);

test('format check: each documented rule refuses with its rule id and path, and nothing is stored', async () => {
  const x509 = doc();
  delete x509.uaa.clientsecret;
  x509.uaa['credential-type'] = 'x509';
  const otherZone = doc();
  otherZone.uaa.identityzone = 'someone-else';
  const cases: [string, string, string, string][] = [
    ['not JSON', 'this is not a key', 'F1', '$'],
    ['trailing text', `${key.keyText} trailing`, 'F1', '$'],
    ['x509 key', JSON.stringify(x509), 'F3', 'uaa.clientsecret'],
    ['x509 credential type', JSON.stringify(x509), 'F4', 'uaa.credential-type'],
    ['another tenant', JSON.stringify(otherZone), 'F2', 'uaa.identityzone'],
    ['empty file', '', 'F1', '$'],
  ];
  for (const [label, body, rule, path] of cases) {
    const res = await uploadRaw(t, tenant.cookie, tenant.tenantId, body);
    assert.equal(res.status, 400, `${label}: ${res.text}`);
    const error = res.json().error;
    assert.equal(error.code, 'lm.format_check_failed', label);
    assert.ok(
      error.details.some((d: { rule: string; path: string }) => d.rule === rule && d.path === path),
      `${label}: ${JSON.stringify(error.details)}`,
    );
    assert.ok(!res.text.includes(key.secret), `${label}: no secret in the answer`);
  }
  assert.equal((await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().slot, 'empty');
});

test('warnings come back with the refusal and with the stored key; a cf v8 wrapper is unwrapped with a warning', async () => {
  const wrapped = JSON.stringify({ credentials: { ...doc(), endpoints: { Api: 'https://eu10.example.invalid/api' } } });
  const dry = await uploadMultipart(
    t,
    tenant.cookie,
    tenant.tenantId,
    Buffer.from(wrapped),
    'cf-key.json',
    '?dryRun=true',
  );
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json().valid, true);
  const rules = dry.json().warnings.map((w: { rule: string }) => w.rule);
  assert.ok(rules.length >= 2, `wrapper and API URL warnings: ${rules}`);
  assert.equal(
    (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().slot,
    'empty',
    'a dry run stores nothing',
  );

  const bad = JSON.parse(wrapped);
  bad.credentials.uaa.identityzone = 'elsewhere';
  const refused = await uploadRaw(t, tenant.cookie, tenant.tenantId, JSON.stringify(bad), 'application/json');
  assert.equal(refused.status, 400);
  assert.ok(refused.json().error.warnings.length >= 2, 'the warnings are listed next to the errors');
});

test('files over 64 KiB are refused with 413, multipart or raw', async () => {
  const big = JSON.stringify({ ...doc(), padding: 'x'.repeat(70 * 1024) });
  const raw = await uploadRaw(t, tenant.cookie, tenant.tenantId, big);
  assert.equal(raw.status, 413, raw.text);
  const multi = await uploadMultipart(t, tenant.cookie, tenant.tenantId, Buffer.from(big));
  assert.equal(multi.status, 413, multi.text);
  assert.equal(multi.json().error.code, 'lm.key_too_large');
  const huge = await uploadRaw(t, tenant.cookie, tenant.tenantId, 'y'.repeat(300 * 1024));
  assert.equal(huge.status, 413);
  assert.equal(huge.json().error.code, 'lm.key_too_large');
  const missing = await t.http.call('POST', slotPath(tenant.tenantId), {
    cookie: tenant.cookie,
    rawBody: '--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--b--\r\n',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
  });
  assert.equal(missing.status, 400, missing.text);
  assert.equal(missing.json().error.code, 'lm.file_missing');
});

test('the 64 KiB rule answers after authorization, and an oversize upload is audited as refused', async () => {
  const big = JSON.stringify({ ...doc(), padding: 'x'.repeat(70 * 1024) });
  // a viewer may not upload: 403 first, whatever the size (the route used to answer 413 before asking)
  const viewer = await userWithRoles(t, tenant.cookie, `viewer${Date.now()}`, [
    { role: 'x_landscape_Viewer', scopeId: tenant.tenantId },
  ]);
  for (const send of [
    () => uploadRaw(t, viewer, tenant.tenantId, big),
    () => uploadMultipart(t, viewer, tenant.tenantId, Buffer.from(big)),
  ]) {
    const refused = await send();
    assert.equal(refused.status, 403, refused.text);
  }
  const before = (
    await t.http.call('GET', '/audit/v1/events?action=lm.service_key.upload_refused', { cookie: tenant.cookie })
  ).json().events.length;
  const tooLarge = await uploadMultipart(t, tenant.cookie, tenant.tenantId, Buffer.from(big));
  assert.equal(tooLarge.status, 413, tooLarge.text);
  assert.equal(tooLarge.json().error.code, 'lm.key_too_large');
  assert.equal(tooLarge.json().error.details[0].rule, 'size');
  const events = (
    await t.http.call('GET', '/audit/v1/events?action=lm.service_key.upload_refused', { cookie: tenant.cookie })
  ).json().events;
  assert.equal(events.length, before + 1, 'the oversize upload is audited');
  assert.deepEqual(events[0].details.rules, ['size']);
  assert.equal(events[0].details.sizeBytes, Buffer.byteLength(big));
});

test('a multipart body that cannot be read is a 400 naming the file part, never a 500', async () => {
  const bodies: [string, string][] = [
    ['multipart/form-data; boundary=b', 'garbage without a boundary line'],
    [
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="file"; filename="k.txt"\r\n\r\n{"uaa":',
    ],
    ['multipart/form-data', '--b\r\n'],
  ];
  for (const [contentType, rawBody] of bodies) {
    const res = await t.http.call('POST', slotPath(tenant.tenantId), {
      cookie: tenant.cookie,
      rawBody,
      headers: { 'content-type': contentType },
    });
    assert.equal(res.status, 400, `${contentType} ${JSON.stringify(rawBody)}: ${res.text}`);
    assert.equal(res.json().error.code, 'lm.multipart_invalid');
    assert.equal(res.json().error.details[0].path, 'file');
  }
  assert.equal((await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().slot, 'empty');
});

test('a form that a page of another origin posts with the session (sibling subdomain, other port) is refused', async () => {
  for (const site of ['same-site', 'cross-site']) {
    const res = await t.http.call('POST', slotPath(tenant.tenantId), {
      cookie: tenant.cookie,
      rawBody: key.keyText,
      headers: { 'content-type': 'text/plain', 'sec-fetch-site': site },
    });
    assert.equal(res.status, 403, `${site}: ${res.text}`);
  }
  assert.equal(
    (
      await t.http.call('GET', slotPath(tenant.tenantId), {
        cookie: tenant.cookie,
        headers: { 'sec-fetch-site': 'same-site' },
      })
    ).json().slot,
    'empty',
    'reads are not changes',
  );
  const own = await t.http.call('POST', `${slotPath(tenant.tenantId)}?dryRun=true`, {
    cookie: tenant.cookie,
    rawBody: key.keyText,
    headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' },
  });
  assert.equal(own.status, 200, own.text);
});

test('a dry run of a key whose binding was deleted in BTP warns about it, over HTTP and in `lm key upload --dry-run`', async () => {
  // a key downloaded from BTP, whose binding is deleted there before anyone uploads it
  const stale = await btpKey(t, tenant.cookie, tenant.subaccountId);
  assert.equal(
    (await t.http.call('DELETE', `/v1/service_bindings/${stale.bindingId}?async=false`, { cookie: tenant.cookie }))
      .status,
    200,
  );
  const res = await t.http.call('POST', `${slotPath(tenant.tenantId)}?dryRun=true`, {
    cookie: tenant.cookie,
    rawBody: stale.keyText,
    headers: { 'content-type': 'text/plain' },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json().valid, true, 'a deleted binding is a warning, as on the real upload, not a refusal');
  const warning = res.json().warnings.find((w: { rule: string }) => w.rule === 'W-deleted-in-btp');
  assert.ok(warning, `the dry run names the deleted binding: ${res.text}`);
  assert.match(warning.message, /deleted in SAP BTP/);
  assert.ok(!res.text.includes(stale.secret), 'no secret in the answer');
  assert.equal(
    (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().slot,
    'empty',
    'a dry run stores nothing',
  );

  const apiToken = (
    await t.http.call('POST', '/auth/v1/tokens', { cookie: tenant.cookie, body: { name: 'dry-run' } })
  ).json().token as string;
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-dry-run-')), 'stale-key.txt');
  writeFileSync(file, stale.keyText, { mode: 0o600 });
  const run = await runCliCaptured([
    'lm',
    'key',
    'upload',
    file,
    '--dry-run',
    '--tenant',
    tenant.tenantId,
    '--url',
    t.server.url,
    '--ca',
    t.server.caFile!,
    '--token',
    apiToken,
  ]);
  assert.equal(run.code, 0, run.err + run.out);
  assert.match(run.out, /warning.*deleted in SAP BTP/);
  assert.match(run.out, /nothing was stored \(dry run\)/);
});

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: 100 concurrent uploads to one empty slot: exactly one stored, 99 answered 409, no 500`, async () => {
    // 100 connections from one address: over the default per-address limit (64), which this test is not about
    const env = { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_MAX_CONNECTIONS_PER_ADDRESS: '128' };
    const s = await startTestServer({ database: kind.name, env, start: { demo: false } });
    try {
      const ten = await emptyTenant(s, await signIn(s.http, 'admin', ADMIN_PASSWORD));
      const k = await btpKey(s, ten.cookie, ten.subaccountId);
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 100 }, () => uploadRaw(s, ten.cookie, ten.tenantId, k.keyText)),
      );
      const elapsed = Date.now() - started;
      const counts = new Map<number, number>();
      for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries(counts), { 201: 1, 409: 99 }, JSON.stringify([...counts]));
      for (const r of results.filter((x) => x.status === 409)) assert.equal(r.json().error.code, 'lm.slot_full');
      const rows = await s.server.store.db
        .selectFrom('lm_service_keys')
        .selectAll()
        .where('tenant_id', '=', ten.tenantId)
        .execute();
      assert.equal(rows.length, 1, 'one row in the slot table');
      const audit = await s.server.store.db
        .selectFrom('audit_events')
        .select(['action'])
        .where('tenant_id', '=', ten.tenantId)
        .where('action', 'like', 'lm.service_key.upload%')
        .execute();
      assert.equal(audit.filter((a) => a.action === 'lm.service_key.uploaded').length, 1);
      assert.equal(audit.filter((a) => a.action === 'lm.service_key.upload_refused').length, 99);
      console.log(`# ${kind.name}: 100 concurrent uploads answered in ${elapsed} ms`);
    } finally {
      await s.close();
    }
  });
}
