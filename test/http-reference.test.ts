/**
 * The interactive API reference at /reference: the page, its scripts from files (no inline script, so it runs
 * under the web UI's Content-Security-Policy) and the document it shows, on the real server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REFERENCE_CSP } from '../src/http/routes/openapi.routes.js';
import { startTestServer, type TestServer } from './support/server.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(async () => t.close());

test('GET /reference is the Swagger UI page under a strict script CSP, loading its initializer from a file', async () => {
  const page = await t.http.call('GET', '/reference');
  assert.equal(page.status, 200, page.text);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.equal(page.headers['content-security-policy'], REFERENCE_CSP);
  assert.match(REFERENCE_CSP, /script-src 'self'(;|$)/, 'scripts from files only');
  assert.doesNotMatch(
    REFERENCE_CSP.split(';').find((d) => d.includes('script-src'))!,
    /unsafe/,
  );
  const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 3, 'bundle, preset and initializer');
  for (const [, attributes, inline] of scripts) {
    assert.match(attributes!, /src="/, 'every script is a file');
    assert.equal(inline!.trim(), '', 'no inline script');
  }
  const initializerSrc = scripts
    .map(([, a]) => /src="([^"]+)"/.exec(a!)![1]!)
    .find((src) => src.endsWith('swagger-initializer.js'));
  assert.ok(initializerSrc);
  const initializer = await t.http.call('GET', new URL(initializerSrc, `${t.server.url}/reference`).pathname);
  assert.equal(initializer.status, 200);
  assert.match(String(initializer.headers['content-type']), /javascript/);
  assert.match(initializer.text, /SwaggerUIBundle\(/);
  const bundle = await t.http.call('GET', '/reference/static/swagger-ui-bundle.js');
  assert.equal(bundle.status, 200);
});

test('the reference shows the same document as /openapi.json', async () => {
  const shown = await t.http.call('GET', '/reference/json');
  const served = await t.http.call('GET', '/openapi.json');
  assert.equal(shown.status, 200);
  assert.deepEqual(shown.json(), served.json());
  assert.ok(served.json().paths['/v1/service_instances']);
});
