/** `calm-keys lm ...` against the real server with a personal API token: tenants, key show/upload/download/test/delete, refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD } from './support/landscape.js';

const cli = (args: string[]) => runCliCaptured(args);

test('lm tenants, key show (masked), download (0600, byte for byte), test, delete, upload with dry run and refusal', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token];
    const dir = mkdtempSync(join(tmpdir(), 'calm-keys-lm-cli-'));

    const tenants = await cli(['lm', 'tenants', ...server]);
    assert.equal(tenants.code, 0, tenants.err);
    assert.match(
      tenants.out,
      /^TENANT ID\s+NAME\s+IDENTITY ZONE\s+SLOT\s+KEY STATUS\s+YOUR ROLES$/m,
      'a header names the columns',
    );
    const tenantId = /^(\S+)\s+demo-calm\s+demo-calm\s+filled\s+unknown\s+\S*SecurityAdministrator/m.exec(
      tenants.out,
    )?.[1];
    assert.ok(tenantId, tenants.out);
    const tenant = ['--tenant', tenantId!];

    // --tenant takes the id, the name or the identity zone alike
    for (const given of [tenantId!, 'demo-calm']) {
      const byName = await cli(['lm', 'key', 'show', '--tenant', given, ...server]);
      assert.equal(byName.code, 0, `--tenant ${given}: ${byName.err}`);
      assert.match(byName.out, /^demo-calm {2}status unknown/);
    }

    const shown = await cli(['lm', 'key', 'show', ...tenant, ...server]);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /^demo-calm {2}status unknown/);
    assert.match(shown.out, /placed by provisioning/);
    assert.match(shown.out, /masked/);

    const file = join(dir, 'key.txt');
    writeFileSync(file, 'old content', { mode: 0o644 });
    const downloaded = await cli(['lm', 'key', 'download', ...tenant, '--output', file, ...server]);
    assert.equal(downloaded.code, 0, downloaded.err);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const secret = JSON.parse(readFileSync(file, 'utf8')).uaa.clientsecret as string;
    assert.ok(!shown.out.includes(secret) && !downloaded.out.includes(secret));

    const tested = await cli(['lm', 'key', 'test', ...tenant, ...server]);
    assert.equal(tested.code, 0, tested.err + tested.out);
    assert.match(tested.out, /status active \(green\)/);

    assert.equal((await cli(['lm', 'key', 'delete', ...tenant, ...server])).code, 2, 'delete needs --confirm');
    assert.equal((await cli(['lm', 'key', 'delete', ...tenant, '--confirm', ...server])).code, 0);

    const bad = join(dir, 'bad.txt');
    writeFileSync(
      bad,
      JSON.stringify({
        uaa: { clientid: 'x', clientsecret: 'y', 'credential-type': 'x509', identityzone: 'demo-calm' },
      }),
    );
    const refused = await cli(['lm', 'key', 'upload', bad, ...tenant, ...server]);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /refused by the format check/);
    assert.match(refused.out, /error F4 uaa\.credential-type/);

    const dry = await cli(['lm', 'key', 'upload', file, '--dry-run', ...tenant, ...server]);
    assert.equal(dry.code, 0, dry.out + dry.err);
    assert.match(dry.out, /passes the format check; nothing was stored/);
    const uploaded = await cli(['lm', 'key', 'upload', file, ...tenant, ...server]);
    assert.equal(uploaded.code, 0, uploaded.err);
    const again = await cli(['lm', 'key', 'download', ...tenant, '--output', join(dir, 'again.txt'), ...server]);
    assert.equal(again.code, 0);
    assert.ok(
      readFileSync(join(dir, 'again.txt')).equals(readFileSync(file)),
      'upload then download gives the same bytes',
    );
    const second = await cli(['lm', 'key', 'upload', file, ...tenant, ...server]);
    assert.equal(second.code, 1, 'a refused upload exits 1, as the README says');
    assert.match(second.out, /was refused: .*already holds a key.*\(lm\.slot_full\)/);
    const full = await cli(['lm', 'tenants', ...server]);
    assert.match(full.out, new RegExp(`^${tenantId}\\s+demo-calm\\s+demo-calm\\s+filled\\s+unknown`, 'm'));

    const noTenant = await cli(['lm', 'key', 'show', ...server]);
    assert.equal(noTenant.code, 2);
    assert.match(noTenant.err, /--tenant <id\|name\|identity zone> is required/);
    const other = await cli(['lm', 'key', 'show', '--tenant', 'nope', ...server]);
    assert.equal(other.code, 2);
    assert.match(other.err, /--tenant nope is none of your tenants \(give its id, name or identity zone/);
  } finally {
    await t.close();
  }
});
