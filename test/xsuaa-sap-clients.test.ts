/**
 * Fidelity judged by SAP's own libraries: @sap/xssec 4 and @sap-cloud-sdk/connectivity 4 obtain and
 * validate tokens from the real calm-keys server over HTTPS, trusting our CA through NODE_EXTRA_CA_CERTS
 * and nothing else relaxed, for a secret key and for an x509 key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer } from './support/server.js';
import { mintSecretKey, mintX509Key } from './support/keys.js';

const run = promisify(execFile);

async function sapClients(
  key: unknown,
  caFile: string,
): Promise<Record<string, { ok: boolean; error?: string } & Record<string, unknown>>> {
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-sap-')), 'key.json');
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  const { stdout } = await run(process.execPath, ['test/support/sap-clients.mjs', file], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: caFile },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

test('@sap/xssec and the SAP Cloud SDK accept a binding-secret key and its tokens', async () => {
  const t = await startTestServer();
  try {
    const minted = await mintSecretKey(t.server);
    const results = await sapClients(minted.key, t.server.caFile!);
    for (const [name, result] of Object.entries(results))
      assert.equal(result.ok, true, `${name}: ${result.error ?? ''}`);
    assert.equal(results['xssec.fetchClientCredentialsToken']!.tokenType, 'bearer');
    assert.equal(results['xssec.createSecurityContext']!.zoneId, minted.zoneId);
    assert.equal(results['xssec.createSecurityContext']!.clientId, minted.key.uaa.clientid);
    assert.equal(results['xssec.createSecurityContext']!.hasMetricsWrite, true);
    assert.equal(results['sdk.serviceToken']!.sameZone, true);
    assert.equal(results['sdk.transformServiceBindingToClientCredentialsDestination']!.hasToken, true);
    assert.equal(
      results['sdk.transformServiceBindingToClientCredentialsDestination']!.authentication,
      'OAuth2ClientCredentials',
    );
  } finally {
    await t.close();
  }
});

test('@sap/xssec and the SAP Cloud SDK accept an x509 key over mTLS at certurl', async () => {
  const t = await startTestServer();
  try {
    const minted = await mintX509Key(t.server);
    const results = await sapClients(minted.key, t.server.caFile!);
    for (const [name, result] of Object.entries(results))
      assert.equal(result.ok, true, `${name}: ${result.error ?? ''}`);
    assert.equal(results['xssec.createSecurityContext']!.zoneId, minted.zoneId);
  } finally {
    await t.close();
  }
});

test('the same client libraries are refused once the binding is revoked', async () => {
  const t = await startTestServer();
  try {
    const minted = await mintSecretKey(t.server);
    await t.server.xsuaa.clients.revokeBinding(t.server.store.db, minted.bindingId);
    const results = await sapClients(minted.key, t.server.caFile!);
    assert.equal(results['xssec.fetchClientCredentialsToken']!.ok, false);
    assert.match(results['xssec.fetchClientCredentialsToken']!.error!, /401|invalid_client|Bad credentials/);
  } finally {
    await t.close();
  }
});
