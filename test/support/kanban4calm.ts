/**
 * SAP's sample kanban4calm against a test server: its own `config.json` for a key, and its API calls made by
 * `kanban4calm-client.mjs` in a child process that trusts our CA through NODE_EXTRA_CA_CERTS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestServer } from './server.js';

const run = promisify(execFile);

/** kanban4calm's config.json for a key, and its calls run by test/support/kanban4calm-client.mjs. */
export async function kanban4calm(t: TestServer, keyText: string): Promise<Record<string, any>> {
  const key = JSON.parse(keyText);
  const config = {
    auth_url: `${key.uaa.url}/oauth/token`,
    client_id: key.uaa.clientid,
    client_secret: key.uaa.clientsecret,
    // "URL to YOUR tenant ... WITHOUT trailing /": kanban4calm appends /api/calm-projects/v1/...
    api_baseurl: String(key.endpoints.Api).replace(/\/api\/?$/, ''),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-kanban-')), 'config.json');
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  const { stdout } = await run(process.execPath, ['test/support/kanban4calm-client.mjs', file], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: t.server.caFile! },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}
