/** `calm-keys webhooks ...` against the real server with a personal API token and a loopback receiver. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD } from './support/landscape.js';

const cli = (args: string[]) => runCliCaptured(args);

test('webhooks add (secret once), list, test, deliveries, disable, remove; a refused URL exits 1', async () => {
  const bodies: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = 202;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const t = await startTestServer({
    env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_EGRESS_ALLOW: '127.0.0.1:*' },
  });
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token];
    // in `add`, --url is the receiver's: the server is --server
    const addServer = ['--server', t.server.url, '--ca', t.server.caFile!, '--token', token];

    const refused = await cli([
      'webhooks',
      'add',
      '--tenant',
      'demo-calm',
      '--url',
      'https://example.com/x',
      ...addServer,
    ]);
    assert.equal(refused.code, 1, refused.err + refused.out);
    assert.match(refused.out, /CALM_KEYS_EGRESS_ALLOW.*lm\.webhook\.url_not_allowed/);
    assert.equal((await cli(['webhooks', 'add', '--url', url, ...addServer])).code, 2, '--tenant is required');

    const added = await cli([
      'webhooks',
      'add',
      '--tenant',
      'demo-calm',
      '--url',
      url,
      '--events',
      'key.uploaded, key.deleted',
      ...addServer,
    ]);
    assert.equal(added.code, 0, added.err);
    const id = /^webhook (\S+)$/m.exec(added.out)?.[1];
    const secret = /^secret {2}(whsec_\S+)$/m.exec(added.out)?.[1];
    assert.ok(id && secret, added.out);
    assert.match(added.out, /^events {2}key\.uploaded,key\.deleted$/m);

    const listed = await cli(['webhooks', 'list', ...server]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^ID\s+TENANT\s+URL\s+EVENTS\s+ENABLED\s+LAST ATTEMPT$/m);
    assert.ok(listed.out.includes(id!) && listed.out.includes(url));
    assert.ok(!listed.out.includes(secret!), 'list never shows the secret');

    // without --tenant the subscription's tenant is found among the caller's
    const sent = await cli(['webhooks', 'test', id!, ...server]);
    assert.equal(sent.code, 0, sent.err);
    const end = Date.now() + 15_000;
    while (!bodies.some((b) => b.includes('"webhook.test"')) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      bodies.some((b) => JSON.parse(b).type === 'webhook.test'),
      'the receiver got the test event',
    );
    let log = await cli(['webhooks', 'deliveries', id!, ...server]);
    while (!/webhook\.test\s+1\s+202\s+delivered/.test(log.out) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      log = await cli(['webhooks', 'deliveries', id!, ...server]);
    }
    assert.equal(log.code, 0, log.err);
    assert.match(log.out, /^TIME\s+EVENT\s+ATTEMPT\s+STATUS\s+DELIVERY\s+ERROR$/m);
    assert.match(log.out, /webhook\.test\s+1\s+202\s+delivered/);

    assert.equal((await cli(['webhooks', 'disable', id!, '--tenant', 'demo-calm', ...server])).code, 0);
    assert.match((await cli(['webhooks', 'list', '--tenant', 'demo-calm', ...server])).out, /\sno\s/);
    const removed = await cli(['webhooks', 'remove', id!, ...server]);
    assert.equal(removed.code, 0, removed.err);
    assert.match((await cli(['webhooks', 'list', ...server])).out, /no webhook subscriptions/);
    const again = await cli(['webhooks', 'remove', id!, ...server]);
    assert.equal(again.code, 2, 'an unknown id is a usage error');
    assert.match(again.err + again.out, /no webhook subscription/);
  } finally {
    await t.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
