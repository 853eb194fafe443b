/**
 * `calm-keys agent push` whose reader goes away (`agent push ... | head -1`): writing to the closed pipe fails
 * with EPIPE, an 'error' on process.stdout that ended the collector with a stack trace. It now stops like
 * Ctrl-C: exit 0, nothing on stderr but its own lines (issue 11: no stream error may be unhandled).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, monitoredSystemWithKey } from './support/landscape.js';
import { calmKeysCommand } from './support/calm-keys-command.js';

test(
  'agent push stops quietly with exit 0 when its stdout is closed, instead of dying on EPIPE',
  { timeout: 120_000 },
  async () => {
    const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
    try {
      const { service, file } = await monitoredSystemWithKey(t);

      const [program, ...leading] = calmKeysCommand();
      const child = spawn(
        program!,
        [
          ...leading,
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
