/**
 * A change made with the session cookie must come from this server's own origin. Browsers that send no
 * Sec-Fetch-Site are judged by Origin, then by Referer; a client that sends none of the three (a program with
 * its own cookie jar) is allowed (see src/http/cross-origin.ts for why).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from './support/server.js';

test('cookie-authenticated changes: Sec-Fetch-Site, then Origin, then Referer decide; none of them is a non-browser client', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const publicOrigin = new URL(t.server.publicUrl).origin;
    const addressed = new URL(t.server.url).origin;
    assert.notEqual(
      publicOrigin,
      addressed,
      'the test covers both: public URL https://localhost:port, addressed https://127.0.0.1:port',
    );
    const createToken = (headers: Record<string, string>) =>
      t.http.call('POST', '/auth/v1/tokens', { cookie, headers, body: { name: 'csrf' } });

    const cases: [string, Record<string, string>, number][] = [
      ['same origin (public URL) by Origin', { origin: publicOrigin }, 201],
      ['same origin (the address the request went to) by Origin', { origin: addressed }, 201],
      ['other origin by Origin', { origin: 'https://evil.example' }, 403],
      ['sibling port by Origin', { origin: publicOrigin.replace(/:\d+$/, ':1') }, 403],
      ['other scheme by Origin', { origin: publicOrigin.replace('https:', 'http:') }, 403],
      ['null Origin', { origin: 'null' }, 403],
      ['same origin by Referer', { referer: `${publicOrigin}/#/btp` }, 201],
      ['other origin by Referer', { referer: 'https://evil.example/page' }, 403],
      ['a Referer that is no URL', { referer: 'not a url' }, 403],
      ['Origin wins over Referer', { origin: 'https://evil.example', referer: `${publicOrigin}/` }, 403],
      ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }, 201],
      ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site', origin: publicOrigin }, 403],
      ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
      ['no Sec-Fetch-Site, Origin or Referer (curl with a cookie jar)', {}, 201],
    ];
    for (const [name, headers, status] of cases) {
      const res = await createToken(headers);
      assert.equal(res.status, status, `${name}: ${res.text}`);
      if (status === 403) assert.equal(res.json().error.code, 'access.cross_origin_request', name);
    }

    const listed = await t.http.call('GET', '/auth/v1/tokens', { cookie, headers: { origin: 'https://evil.example' } });
    assert.equal(listed.status, 200, 'reads are not changes');
    const id = listed.json().tokens[0].id as string;
    const refusedDelete = await t.http.call('DELETE', `/auth/v1/tokens/${id}`, {
      cookie,
      headers: { referer: 'https://evil.example/' },
    });
    assert.equal(refusedDelete.status, 403);
    assert.equal(
      (await t.http.call('DELETE', `/auth/v1/tokens/${id}`, { cookie, headers: { origin: publicOrigin } })).status,
      204,
    );

    const viaToken = (await createToken({})).json().token as string;
    const bearer = await t.http.call('POST', '/auth/v1/tokens', {
      token: viaToken,
      headers: { origin: 'https://evil.example' },
      body: { name: 'bearer' },
    });
    assert.equal(bearer.status, 201, 'an API token is no ambient credential: its callers are not judged by origin');
  } finally {
    await t.close();
  }
});
