/** `calm-keys lm events list | create | close` against the real server with a personal API token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliCaptured } from './support/cli.js';
import { startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, tenantWithObject } from './support/landscape.js';

const cli = (args: string[]) => runCliCaptured(args);

test('lm events create (object by name), list (table and JSON), close; refusals exit 1, usage 2', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const { tenant, cookie } = await tenantWithObject(t, {
      kind: 'service',
      name: 'Sales Cloud',
      objectType: 'SAP_C4C',
    });
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json().token;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token as string];
    const where = ['--tenant', tenant.subdomain, ...server];

    const empty = await cli(['lm', 'events', 'list', ...where]);
    assert.equal(empty.code, 0, empty.err);
    assert.equal(empty.out.trim(), 'no status events');

    const recorded = await cli([
      'lm',
      'events',
      'create',
      '--object',
      'Sales Cloud',
      '--type',
      'Planned Availability',
      '--title',
      'Upgrade to 2611',
      '--start',
      '2030-01-05T08:00:00Z',
      '--end',
      '2030-01-05T10:00:00Z',
      ...where,
    ]);
    assert.equal(recorded.code, 0, recorded.err);
    const id = /id (\S+)$/m.exec(recorded.out)?.[1];
    assert.ok(id, recorded.out);
    assert.match(
      recorded.out,
      /^recorded Planned Availability "Upgrade to 2611" on Sales Cloud from 2030-01-05T08:00:00.000Z/,
    );

    const listed = await cli(['lm', 'events', 'list', ...where]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^START\s+END\s+TYPE\s+STATUS\s+SOURCE\s+SERVICE\s+TITLE\s+ID$/m);
    assert.match(
      listed.out,
      new RegExp(`Planned Availability\\s+open\\s+manual\\s+Sales Cloud\\s+Upgrade to 2611\\s+${id}`),
    );
    const json = JSON.parse((await cli(['lm', 'events', 'list', '--json', '--status', 'open', ...where])).out);
    assert.equal(json.items[0].id, id);
    assert.equal(json.actions.manage, true);

    const closed = await cli(['lm', 'events', 'close', id!, ...where]);
    assert.equal(closed.code, 0, closed.err);
    assert.match(closed.out, /^closed "Upgrade to 2611" on Sales Cloud/);
    const again = await cli(['lm', 'events', 'close', id!, ...where]);
    assert.equal(again.code, 1, again.err);
    assert.match(again.out, /lm\.status_event\.not_open/);
    assert.equal(
      JSON.parse((await cli(['lm', 'events', 'list', '--json', '--status', 'closed', ...where])).out).items.length,
      1,
    );

    // usage: a type SAP does not have, an object the tenant does not have, a bad time (the server's 400: exit 1)
    const badType = await cli([
      'lm',
      'events',
      'create',
      '--object',
      'Sales Cloud',
      '--type',
      'Outage',
      '--title',
      'x',
      ...where,
    ]);
    assert.equal(badType.code, 2);
    const badObject = await cli([
      'lm',
      'events',
      'create',
      '--object',
      'ERP',
      '--type',
      'Disruption',
      '--title',
      'x',
      ...where,
    ]);
    assert.equal(badObject.code, 2);
    assert.match(badObject.err, /no managed service or system/);
    const badTime = await cli([
      'lm',
      'events',
      'create',
      '--object',
      'Sales Cloud',
      '--type',
      'Disruption',
      '--title',
      'x',
      '--start',
      'tomorrow',
      ...where,
    ]);
    assert.equal(badTime.code, 1, badTime.err);
    assert.match(badTime.out, /lm\.status_event\.bad_time/);
  } finally {
    await t.close();
  }
});
