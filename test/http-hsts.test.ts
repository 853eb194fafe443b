/**
 * Strict-Transport-Security (issue 11): on every HTTPS answer of both listeners for a public host name, one
 * year and no includeSubDomains; none in plain-HTTP mode; none for the loopback default unless configured
 * (src/http/hsts.ts says why).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { httpClient, startTestServer } from './support/server.js';

test('HTTPS with a public host name: every answer of both listeners carries max-age=31536000, without includeSubDomains', async () => {
  const t = await startTestServer({
    env: {
      CALM_KEYS_PUBLIC_URL: 'https://calm-keys.example.test',
      CALM_KEYS_MTLS_PUBLIC_URL: 'https://calm-keys-mtls.example.test:0',
    },
  });
  // port 0 in the public mTLS URL: the server writes its real port there
  const mtls = httpClient(
    t.server.mtlsUrl!.replace(/^https:\/\/[^/]+/, `https://127.0.0.1:${new URL(t.server.mtlsUrl!).port}`),
    readFileSync(t.server.caFile!, 'utf8'),
  );
  try {
    const answers = {
      health: await t.http.call('GET', '/healthz'),
      notFound: await t.http.call('GET', '/api/no-such-api'),
      unauthenticated: await t.http.call('GET', '/auth/v1/me'),
      token: await t.http.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      openapi: await t.http.call('GET', '/openapi.json'),
      mtlsToken: await mtls.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000', `${name} (${answer.status})`);
    }
  } finally {
    await mtls.close();
    await t.close();
  }
});

test('HTTPS on the loopback default: no HSTS unless CALM_KEYS_HSTS_MAX_AGE asks for it', async () => {
  const plain = await startTestServer();
  try {
    assert.equal((await plain.http.call('GET', '/healthz')).headers['strict-transport-security'], undefined);
  } finally {
    await plain.close();
  }
  const configured = await startTestServer({ env: { CALM_KEYS_HSTS_MAX_AGE: '600' } });
  try {
    assert.equal((await configured.http.call('GET', '/healthz')).headers['strict-transport-security'], 'max-age=600');
  } finally {
    await configured.close();
  }
});

test('plain-HTTP mode (CALM_KEYS_TLS=off) never sends Strict-Transport-Security, also when configured', async () => {
  const t = await startTestServer({
    env: {
      CALM_KEYS_TLS: 'off',
      CALM_KEYS_PUBLIC_URL: 'http://calm-keys.example.test',
      CALM_KEYS_HSTS_MAX_AGE: '31536000',
    },
  });
  try {
    assert.match(t.server.url, /^http:/);
    const health = await t.http.call('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.headers['strict-transport-security'], undefined);
  } finally {
    await t.close();
  }
});
