/**
 * Webhook deliveries survive a restart (issue 17): kept in the database, a delivery pending when the server stops
 * is sent by the next start on the same data directory. SQLite only: the PostgreSQL test schema is dropped when
 * its server closes (the worker's claims on a shared PostgreSQL are covered by src/webhooks/delivery.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from './support/server.js';
import { receiver, until, verify, type Received } from './support/webhooks.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, uploadRaw } from './support/landscape.js';

test('sqlite: a delivery pending at a stop is sent by the next start, with the same webhook-id', async () => {
  const hook = await receiver([500]);
  const env = {
    CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CALM_KEYS_EGRESS_ALLOW: '127.0.0.1:*',
    // the retry is due 2 to 4 s after the 500: the first server is stopped before that
    CALM_KEYS_WEBHOOK_RETRY_BASE_MS: '4000',
  };
  const first = await startTestServer({ env, start: { demo: false } });
  let second: Awaited<ReturnType<typeof startTestServer>> | undefined;
  try {
    const admin = await signIn(first.http, 'admin', ADMIN_PASSWORD);
    const tenant = await emptyTenant(first, admin);
    const base = `/lm/v1/tenants/${tenant.tenantId}/webhooks`;
    const created = await first.http.call('POST', base, { cookie: tenant.cookie, body: { url: hook.url } });
    assert.equal(created.status, 201, created.text);
    const { secret } = created.json() as { secret: string };
    const { keyText } = await btpKey(first, tenant.cookie, tenant.subaccountId);
    assert.equal((await uploadRaw(first, tenant.cookie, tenant.tenantId, keyText)).status, 201);
    await until('the first attempt', () => (hook.received.length >= 1 ? true : undefined));
    await first.close();
    assert.equal(hook.received.length, 1, 'not retried before the stop');

    second = await startTestServer({ env: { ...env, CALM_KEYS_DATA_DIR: first.dataDir }, start: { demo: false } });
    await until('the retry by the next start', () => (hook.received.length >= 2 ? true : undefined));
    const [before, after] = hook.received as [Received, Received];
    assert.equal(after.headers['webhook-id'], before.headers['webhook-id']);
    assert.equal((verify(secret, after) as { type: string }).type, 'key.uploaded');
    const cookie = await signIn(second.http, 'admin', ADMIN_PASSWORD);
    const webhookId = created.json().webhook.id as string;
    const log = await until('the log of both attempts', async () => {
      const items = (await second!.http.call('GET', `${base}/${webhookId}/deliveries`, { cookie })).json().items;
      return items.length >= 2 ? items : undefined;
    });
    assert.deepEqual(
      log.map((i: { attempt: number; statusCode: number }) => [i.attempt, i.statusCode]),
      [
        [2, 204],
        [1, 500],
      ],
    );
  } finally {
    await second?.close();
    await hook.close();
  }
});
