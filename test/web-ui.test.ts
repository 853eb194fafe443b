/**
 * calm-keys serves the built web UI at `/` (web/dist): files with a strict Content-Security-Policy and
 * nosniff; hashed assets cached for a year; any other GET outside the API prefixes answers index.html (the
 * single-page app's routes survive a reload); API prefixes keep their JSON 404s; GET /auth/v1/session tells
 * the UI whether it is signed in without an error status.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD } from './support/landscape.js';

const dist = new URL('../web/dist/', import.meta.url);

test('the web UI is served at / with its security headers; unknown UI paths get index.html, API paths keep their 404s', async () => {
  assert.ok(
    existsSync(new URL('index.html', dist)),
    'the web UI is not built: run `npm run build:web` first (`npm test` does)',
  );
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  try {
    const root = await t.http.call('GET', '/');
    assert.equal(root.status, 200);
    assert.match(String(root.headers['content-type']), /^text\/html/);
    assert.match(root.text, /<div id="app">/);
    const csp = String(root.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "connect-src 'self'",
    ])
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval, for scripts or styles');
    assert.equal(root.headers['x-content-type-options'], 'nosniff');
    assert.equal(root.headers['x-frame-options'], 'DENY');
    assert.equal(root.headers['referrer-policy'], 'no-referrer');
    assert.equal(root.headers['cache-control'], 'no-cache');

    // the page loads only scripts of this origin, no inline script
    assert.ok(
      !/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/.test(root.text),
      'no inline script in index.html',
    );

    const asset = readdirSync(new URL('assets/', dist)).find((f) => f.endsWith('.js'))!;
    const js = await t.http.call('GET', `/assets/${asset}`);
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['x-content-type-options'], 'nosniff');

    for (const path of ['/index.html', '/lm-overview', '/deep/link?x=1']) {
      const page = await t.http.call('GET', path);
      assert.equal(page.status, 200, path);
      assert.match(page.text, /<div id="app">/, path);
      assert.ok(String(page.headers['content-security-policy']).includes("script-src 'self'"), path);
    }
    const longId = 'a'.repeat(5000); // longer than a route parameter may be, and than a file name may be
    // (/api/... authenticates before routing: 401 without a token, test/alm-api.test.ts)
    for (const path of [
      '/btp/v1/nope',
      '/lm/v1/nope',
      '/auth/v1/nope',
      '/audit/nope',
      '/access/v1/nope',
      '/oauth/nope',
      '/.well-known/nope',
      '/healthz/nope',
      `/lm/v1/tenants/${longId}/service-key`,
      `/btp/v1/service_bindings/${longId}/key`,
    ]) {
      const res = await t.http.call('GET', path);
      assert.equal(res.status, 404, path);
      assert.equal(res.json().error.code, 'route.not_found', path);
    }
    assert.equal((await t.http.call('POST', '/anything')).status, 404, 'only GET and HEAD get the page');
    assert.equal(
      (await t.http.call('GET', '/assets/../../package.json')).status,
      200,
      'a path that leaves the folder is the page, not a file',
    );
    assert.doesNotMatch((await t.http.call('GET', '/assets/../../package.json')).text, /"name": "calm-keys"/);

    // the UI's session probe: 200 either way, 401 stays on /auth/v1/me
    assert.deepEqual((await t.http.call('GET', '/auth/v1/session')).json(), { authenticated: false });
    assert.equal((await t.http.call('GET', '/auth/v1/me')).status, 401);
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const session = await t.http.call('GET', '/auth/v1/session', { cookie });
    assert.equal(session.json().authenticated, true);
    assert.equal(session.json().username, 'admin');
    // what the UI offers beyond the tenant pages comes from the server, not from role names
    assert.deepEqual(session.json().actions, { auditLog: true, manageUsers: true });
    assert.equal(session.headers['cache-control'], 'no-store');
    // API answers do not get the page's policy
    assert.equal(session.headers['content-security-policy'], undefined);
  } finally {
    await t.close();
  }
});
