/**
 * `calm-keys agent push` whose reader goes away (`agent push ... | head -1`): writing to the closed pipe fails
 * with EPIPE, an 'error' on process.stdout that ended the collector with a stack trace. It now stops like
 * Ctrl-C: exit 0, nothing on stderr but its own lines (issue 11: no stream error may be unhandled).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant } from './support/landscape.js';

test(
  'agent push stops quietly with exit 0 when its stdout is closed, instead of dying on EPIPE',
  { timeout: 120_000 },
  async () => {
    const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      await t.http.call('POST', '/access/v1/users/admin/roles', {
        cookie: tenant.cookie,
        body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
      });
      const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const service = (
        await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
          cookie,
          body: { kind: 'system', name: 'vm-1', objectType: 'Linux host' },
        })
      ).json().id as string;
      await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects/${service}/monitoring`, {
        cookie,
        body: { enabled: true },
      });
      const key = await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.write', 'metrics.read']);
      const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-agent-')), 'key.txt');
      writeFileSync(file, key.keyText, { mode: 0o600 });

      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'agent',
          'push',
          '--key',
          file,
          '--service',
          service,
          '--count',
          '30',
          '--interval',
          '1',
          '--ca',
          t.server.caFile!,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
      // read the first line, then close the pipe, as `| head -1` does
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.once('exit', (exitCode) => (clearTimeout(timer), resolve(exitCode)));
      });
      assert.doesNotMatch(stderr, /EPIPE|Unhandled|node:events/, stderr);
      assert.equal(code, 0, stderr);
    } finally {
      await t.close();
    }
  },
);
