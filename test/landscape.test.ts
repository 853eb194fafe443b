/**
 * Landscape Management, the "SAP Cloud ALM Service Key" section, end to end over HTTP on the real server,
 * following the two seed pages: the demo tenant's automatic key is in the slot; Test turns it green; delete;
 * upload a key downloaded from the BTP side; a second upload is refused; display masks the secret; download
 * equals the uploaded bytes; deleting the binding in BTP turns the copy red with the reason; Test then fails
 * at the token step. Runs on SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, slotPath, uploadMultipart, uploadRaw } from './support/landscape.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the seed procedure: provisioned key, Test green, delete, upload from BTP, one key only, mask, download, deleted in BTP turns red`, async () => {
    const t = await startTestServer({ database: kind.name, env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    try {
      const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const call = (method: string, path: string) => t.http.call(method, path, { cookie });

      // The demo tenant, provisioned today (after 2023-06-14): its generated key sits in the slot.
      const tenants = (await call('GET', '/lm/v1/tenants')).json();
      assert.equal(tenants.num_items, 1);
      const tenantId = tenants.items[0].tenantId as string;
      assert.equal(tenants.items[0].identityZone, 'demo-calm');
      assert.equal(tenants.items[0].slot, 'filled');
      const demoServices = (await call('GET', `/lm/v1/tenants/${tenants.items[0].tenantId}/managed-objects`)).json()
        .items;
      assert.equal(demoServices.length, 1, 'the demo has a managed service to push to');
      assert.equal(demoServices[0].monitoringEnabled, true);

      const subaccountId = (await call('GET', '/btp/v1/subaccounts')).json().items[0].id as string;
      const bindings = (await call('GET', `/v1/service_bindings?subaccount_id=${subaccountId}`)).json().items;
      const generatedSecret = JSON.parse((await call('GET', `/btp/v1/service_bindings/${bindings[0].id}/key`)).text).uaa
        .clientsecret as string;

      const shown = await call('GET', slotPath(tenantId));
      assert.equal(shown.status, 200, shown.text);
      assert.equal(shown.headers['cache-control'], 'no-store');
      const slot = shown.json();
      assert.equal(slot.slot, 'filled');
      assert.equal(slot.key.source, 'provisioned');
      assert.equal(slot.key.name, 'demo-calm');
      assert.equal(slot.key.status.value, 'unknown');
      assert.ok(!shown.text.includes(generatedSecret), 'display masks the client secret');
      assert.match(slot.key.content.uaa.clientsecret, /masked/);
      assert.deepEqual(slot.actions, {
        view: true,
        download: true,
        test: true,
        reveal: true,
        upload: false,
        delete: true,
      });

      // Test Service Key: token, signature, zone, API; the status turns green.
      const tested = await call('POST', `${slotPath(tenantId)}/test`);
      assert.equal(tested.status, 200, tested.text);
      assert.equal(tested.json().status, 'active', tested.text);
      assert.deepEqual(
        tested.json().result.steps.map((s: { status: string }) => s.status),
        ['passed', 'passed', 'passed', 'passed'],
      );
      assert.ok(!tested.text.includes(generatedSecret));
      const green = (await call('GET', slotPath(tenantId))).json().key;
      assert.equal(green.status.value, 'active');
      assert.equal(green.lastTest.by, 'admin');
      assert.match(green.observedUse.lastTokenAt, /^\d{4}-/, 'the Test fetched a token with this key: observed use');

      // Delete the copy: the slot is empty and offers `+`; the binding in BTP is untouched.
      assert.equal((await call('DELETE', slotPath(tenantId))).status, 204);
      const empty = (await call('GET', slotPath(tenantId))).json();
      assert.equal(empty.slot, 'empty');
      assert.equal(empty.actions.upload, true);
      assert.equal(
        (await call('GET', `/v1/service_bindings/${bindings[0].id}`)).status,
        200,
        'LM delete does not touch BTP',
      );
      assert.equal((await call('DELETE', slotPath(tenantId))).json().error.code, 'lm.slot_empty');

      // Download a key in the BTP cockpit (a new binding of the generated instance) and upload it as a TXT file
      // with Windows line ends and a BOM: LM accepts it, and its download gives back exactly those bytes.
      const created = await t.http.call('POST', '/v1/service_bindings?async=false', {
        cookie,
        body: { name: 'for-lm', service_instance_id: bindings[0].service_instance_id },
      });
      assert.equal(created.status, 201, created.text);
      const bindingId = created.json().id as string;
      const keyText = (await call('GET', `/btp/v1/service_bindings/${bindingId}/key`)).text;
      const secret = JSON.parse(keyText).uaa.clientsecret as string;
      const fileBytes = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(keyText.replace(/\n/g, '\r\n'), 'utf8'),
      ]);
      const uploaded = await uploadMultipart(t, cookie, tenantId, fileBytes, 'ALM key.txt');
      assert.equal(uploaded.status, 201, uploaded.text);
      assert.equal(uploaded.json().key.source, 'uploaded');
      assert.equal(uploaded.json().key.fileName, 'ALM key.txt');
      assert.ok(Array.isArray(uploaded.json().warnings));
      assert.ok(!uploaded.text.includes(secret));

      // Only one key per tenant (F5).
      const second = await uploadRaw(t, cookie, tenantId, keyText);
      assert.equal(second.status, 409, second.text);
      assert.equal(second.json().error.code, 'lm.slot_full');
      assert.equal(second.json().error.details[0].rule, 'F5');

      const download = await call('GET', `${slotPath(tenantId)}/download`);
      assert.equal(download.status, 200);
      assert.match(
        String(download.headers['content-disposition']),
        /^attachment; filename="demo-calm-service-key\.txt"$/,
      );
      assert.match(String(download.headers['content-type']), /^text\/plain/);
      assert.equal(download.headers['cache-control'], 'no-store');
      assert.ok(download.bytes.equals(fileBytes), 'the download is the uploaded file, byte for byte');

      const revealed = await call('POST', `${slotPath(tenantId)}/reveal`);
      assert.equal(revealed.status, 200);
      assert.equal(JSON.parse(revealed.json().content.replace(/^\uFEFF/, '')).uaa.clientsecret, secret);

      // Delete the binding in BTP: the copy stays (as in SAP) but turns red at once, saying why.
      assert.equal((await call('DELETE', `/v1/service_bindings/${bindingId}?async=false`)).status, 200);
      const flagged = (await call('GET', slotPath(tenantId))).json().key;
      assert.equal(flagged.status.value, 'failed');
      assert.match(flagged.status.reason, /deleted in SAP BTP/);
      assert.match(flagged.deletedInBtp.message, /delete this key in Landscape Management too/);

      const failed = (await call('POST', `${slotPath(tenantId)}/test`)).json();
      assert.equal(failed.status, 'failed');
      assert.equal(failed.result.failedStep, 'token');
      assert.match(failed.reason, /refused the client credentials/);
      assert.match(failed.reason, /deleted in SAP BTP/);

      // Every action is audited, reads included, and no audit record, log line or database page holds a secret.
      const events = (await call('GET', `/audit/v1/events?tenantId=${tenantId}&limit=1000`)).json().events as {
        action: string;
      }[];
      const actions = new Set(events.map((e) => e.action));
      for (const a of [
        'lm.service_key.uploaded',
        'lm.service_key.tested',
        'lm.service_key.deleted',
        'lm.service_key.downloaded',
        'lm.service_key.revealed',
        'lm.service_key.upload_refused',
        'lm.service_key.deleted_in_btp',
      ]) {
        assert.ok(actions.has(a), `audit has ${a}`);
      }
      const auditText = JSON.stringify(events);
      const logText = t.logs.join('\n');
      for (const s of [secret, generatedSecret]) {
        assert.ok(!auditText.includes(s), 'no secret in the audit log');
        assert.ok(!logText.includes(s), 'no secret in the server log');
      }
      if (kind.name === 'sqlite') {
        const dbFile = `${t.dataDir}/calm-keys.db`;
        for (const file of [dbFile, `${dbFile}-wal`]) {
          if (!existsSync(file)) continue;
          const raw = readFileSync(file);
          for (const s of [secret, generatedSecret]) assert.equal(raw.indexOf(s), -1, `no plaintext secret in ${file}`);
        }
      }
    } finally {
      await t.close();
    }
  });
}

test('provisioning places its key from 2023-06-14 on (not the day before); deleting the instance flags the copy; a dead copy is flagged on upload', async () => {
  const { emptyTenant, btpKey } = await import('./support/landscape.js');
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const base = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    let cookie = base.cookie;
    const ga = (await t.http.call('GET', `/btp/v1/subaccounts/${base.subaccountId}`, { cookie })).json()
      .globalAccountId as string;
    const slotOn = async (date: string) => {
      const sub = await t.http.call('POST', '/btp/v1/subaccounts', {
        cookie,
        body: { globalAccountId: ga, name: 'SAP Cloud ALM', subdomain: `prov-${date}`, region: 'eu10' },
      });
      const tenant = (
        await t.http.call('POST', `/btp/v1/subaccounts/${sub.json().id}/cloud_alm`, {
          cookie,
          body: { provisionedOn: date },
        })
      ).json();
      await t.http.call('POST', '/access/v1/users/admin/roles', {
        cookie,
        body: { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
      });
      cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      return { tenant, slot: (await t.http.call('GET', slotPath(tenant.tenantId), { cookie })).json() };
    };
    const before = await slotOn('2023-06-13');
    assert.ok(before.tenant.generated, 'a key is generated from 2023-06-12');
    assert.equal(before.slot.slot, 'empty', 'but not placed in LM before 2023-06-14');
    const on = await slotOn('2023-06-14');
    assert.equal(on.slot.slot, 'filled');
    assert.equal(on.slot.key.source, 'provisioned');
    assert.equal(on.slot.key.uploadedBy, 'SAP Cloud ALM provisioning');

    // Deleting the whole instance in BTP deletes its bindings: the placed copy is flagged at once.
    assert.equal(
      (await t.http.call('DELETE', `/v1/service_instances/${on.tenant.generated.instanceId}?async=false`, { cookie }))
        .status,
      200,
    );
    const flagged = (await t.http.call('GET', slotPath(on.tenant.tenantId), { cookie })).json().key;
    assert.equal(flagged.status.value, 'failed');
    assert.ok(flagged.deletedInBtp);

    // A key downloaded earlier, whose binding is deleted before the upload: flagged as soon as it is uploaded.
    const stale = await btpKey(t, cookie, base.subaccountId);
    assert.equal(
      (await t.http.call('DELETE', `/v1/service_bindings/${stale.bindingId}?async=false`, { cookie })).status,
      200,
    );
    const uploaded = await uploadRaw(t, cookie, base.tenantId, stale.keyText);
    assert.equal(uploaded.status, 201, uploaded.text);
    assert.equal(uploaded.json().key.status.value, 'failed');
    assert.match(uploaded.json().key.deletedInBtp.message, /deleted in SAP BTP/);
  } finally {
    await t.close();
  }
});
