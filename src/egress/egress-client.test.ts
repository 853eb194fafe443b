import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createEgressClient, EgressError, USER_AGENT, type EgressClient } from './index.js';
import {
  closedPort,
  peerCommonName,
  sendJson,
  startHttpServer,
  startHttpsServer,
  tlsFixtures,
  type TestServer,
} from './test-support/test-servers.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function track<T extends TestServer | EgressClient>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

async function failure(promise: Promise<unknown>): Promise<EgressError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EgressError, `expected an EgressError, got ${inspect(error)}`);
    return error;
  }
  assert.fail('the request succeeded');
}

test('GET returns status, lower-case headers, body text and parsed JSON, and sends our User-Agent', async () => {
  let userAgent: string | undefined;
  const server = track(
    await startHttpServer((req, res) => {
      userAgent = req.headers['user-agent'];
      sendJson(res, 200, { hello: 'world' }, { 'X-Thing': 'yes' });
    }),
  );
  const client = track(createEgressClient());
  const response = await client.request({ method: 'GET', url: `${server.origin}/x` });
  assert.equal(response.status, 200);
  assert.equal(response.headers['x-thing'], 'yes');
  assert.deepEqual(response.json(), { hello: 'world' });
  assert.equal(userAgent, USER_AGENT);
});

test('json() is undefined when the body is not JSON', async () => {
  const server = track(await startHttpServer((_req, res) => res.end('<html>nope</html>')));
  const client = track(createEgressClient());
  const response = await client.request({ method: 'GET', url: server.origin });
  assert.equal(response.bodyText, '<html>nope</html>');
  assert.equal(response.json(), undefined);
});

test('URLSearchParams bodies are sent form-encoded, like @sap/xssec', async () => {
  let seen: { type: string | undefined; body: string } | undefined;
  const server = track(
    await startHttpServer((req, res, body) => {
      seen = { type: req.headers['content-type'], body };
      res.end('{}');
    }),
  );
  const client = track(createEgressClient());
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sb-a!b1|m!b2' });
  await client.request({ method: 'POST', url: server.origin, body: form });
  assert.equal(seen?.type, 'application/x-www-form-urlencoded;charset=UTF-8');
  assert.equal(seen?.body, 'grant_type=client_credentials&client_id=sb-a%21b1%7Cm%21b2');
});

test('the allow-list refuses a host before any connection or DNS lookup', async () => {
  const server = track(await startHttpServer((_req, res) => res.end('should not be reached')));
  const client = track(createEgressClient({ allowHosts: ['localhost:1', '*.alm.cloud.sap'] }));
  const error = await failure(client.request({ method: 'GET', url: server.origin }));
  assert.equal(error.kind, 'not_allowed');
  assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${server.port} is not on the egress allow-list`));
  assert.equal(server.connections(), 0);
  // a host that cannot resolve is refused as not_allowed, proving no lookup happened
  const unresolvable = await failure(client.request({ method: 'GET', url: 'https://nothing.invalid/' }));
  assert.equal(unresolvable.kind, 'not_allowed');
});

test('a trailing-dot spelling of an allowed host is refused with that reason, and nothing connects', async () => {
  const server = track(await startHttpServer((_req, res) => res.end('should not be reached')));
  const client = track(createEgressClient({ allowHosts: [`localhost:${server.port}`] }));
  const error = await failure(client.request({ method: 'GET', url: `http://localhost.:${server.port}/` }));
  assert.equal(error.kind, 'not_allowed');
  assert.match(error.message, /"localhost\." ends with a dot/);
  assert.equal(server.connections(), 0);
});

test('a host on the allow-list is called', async () => {
  const server = track(await startHttpServer((_req, res) => res.end('ok')));
  const client = track(createEgressClient({ allowHosts: [`127.0.0.1:${server.port}`] }));
  assert.equal((await client.request({ method: 'GET', url: server.origin })).bodyText, 'ok');
});

test('a response over maxResponseBytes is refused, with and without Content-Length', async () => {
  const big = 'x'.repeat(4096);
  const server = track(
    await startHttpServer((req, res) => {
      if (req.url === '/declared') return void res.writeHead(200, { 'content-length': big.length }).end(big);
      res.write(big.slice(0, 1000));
      setTimeout(() => res.end(big.slice(1000)), 10);
    }),
  );
  const client = track(createEgressClient({ maxResponseBytes: 1024 }));
  for (const path of ['/declared', '/chunked']) {
    const error = await failure(client.request({ method: 'GET', url: `${server.origin}${path}` }));
    assert.equal(error.kind, 'too_large', path);
    assert.equal(error.limitBytes, 1024);
  }
});

test('redirects are returned, never followed', async () => {
  const elsewhere = track(await startHttpServer((_req, res) => res.end('followed')));
  const server = track(
    await startHttpServer((_req, res) => res.writeHead(302, { location: `${elsewhere.origin}/oauth/token` }).end()),
  );
  const client = track(createEgressClient());
  const response = await client.request({ method: 'POST', url: server.origin, body: new URLSearchParams({ a: 'b' }) });
  assert.equal(response.status, 302);
  assert.equal(response.headers.location, `${elsewhere.origin}/oauth/token`);
  assert.equal(elsewhere.connections(), 0);
});

test('a server that accepts and never answers times out within the configured time', async () => {
  const server = track(await startHttpServer(() => undefined));
  const client = track(createEgressClient({ timeoutMs: 300 }));
  const started = Date.now();
  const error = await failure(client.request({ method: 'GET', url: server.origin }));
  const elapsed = Date.now() - started;
  assert.equal(error.kind, 'timeout');
  assert.equal(error.timeoutMs, 300);
  assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${server.port} within 300 ms`));
  assert.ok(elapsed >= 250 && elapsed < 1500, `took ${elapsed} ms`);
});

test('a TLS handshake that never completes hits the connect timeout, not the total deadline', async () => {
  // a TCP listener that accepts and stays silent: https never gets past the handshake
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  const { port } = silent.address() as AddressInfo;
  const client = track(createEgressClient({ connectTimeoutMs: 200, timeoutMs: 2000 }));
  const started = Date.now();
  const error = await failure(client.request({ method: 'GET', url: `https://127.0.0.1:${port}/` }));
  assert.equal(error.kind, 'timeout');
  assert.equal(error.message, `could not connect to 127.0.0.1:${port} within 200 ms (connect timeout)`);
  // undici's connect timer is coarse (it fired after 500-600 ms here); what matters is: well before 2 s
  assert.ok(Date.now() - started < 1500);
});

test('the total deadline also covers a body that stalls after the headers', async () => {
  const server = track(
    await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":');
    }),
  );
  const client = track(createEgressClient({ timeoutMs: 300 }));
  const error = await failure(client.request({ method: 'GET', url: server.origin }));
  assert.equal(error.kind, 'timeout');
});

test('a closed port is connection_refused and an .invalid host is dns', async () => {
  const client = track(createEgressClient({ timeoutMs: 1000 }));
  const port = await closedPort();
  const refused = await failure(client.request({ method: 'GET', url: `http://127.0.0.1:${port}/` }));
  assert.equal(refused.kind, 'connection_refused');
  assert.equal(refused.target, `127.0.0.1:${port}`);
  const dns = await failure(client.request({ method: 'GET', url: 'https://calm-keys-test.invalid/oauth/token' }));
  assert.equal(dns.kind, 'dns');
  assert.match(dns.message, /calm-keys-test\.invalid does not resolve/);
});

test('an https server with an unknown CA is a tls failure; with the CA it is trusted', async () => {
  const f = await tlsFixtures();
  const server = track(await startHttpsServer((_req, res) => res.end('secure')));
  const untrusting = track(createEgressClient());
  const error = await failure(untrusting.request({ method: 'GET', url: server.origin }));
  assert.equal(error.kind, 'tls');
  assert.match(error.message, /not trusted/);
  const trusting = track(createEgressClient({ caCertificates: [f.serverCa.certificatePem] }));
  assert.equal((await trusting.request({ method: 'GET', url: server.origin })).bodyText, 'secure');
  // the same trust given per call
  const perCall = await untrusting.request({
    method: 'GET',
    url: server.origin,
    caCertificates: [f.serverCa.certificatePem],
  });
  assert.equal(perCall.bodyText, 'secure');
});

test('a certificate for another host name is a tls failure naming the host', async () => {
  const f = await tlsFixtures();
  const server = track(await startHttpsServer((_req, res) => res.end('x'), { certificate: f.wrongHostServer }));
  const client = track(createEgressClient({ caCertificates: [f.serverCa.certificatePem] }));
  const error = await failure(client.request({ method: 'GET', url: server.origin }));
  assert.equal(error.kind, 'tls');
  assert.match(error.message, /not valid for the host name localhost/);
});

test('mTLS: each client certificate gets its own agent; unknown or missing certificates fail as tls', async () => {
  const f = await tlsFixtures();
  const server = track(
    await startHttpsServer((req, res) => res.end(peerCommonName(req) ?? 'none'), { clientCa: f.clientCa }),
  );
  const client = track(createEgressClient({ caCertificates: [f.serverCa.certificatePem] }));
  const call = (clientCertificate?: typeof f.clientA) =>
    client.request({ method: 'GET', url: server.origin, clientCertificate });
  assert.equal((await call(f.clientA)).bodyText, 'client-a');
  assert.equal((await call(f.clientB)).bodyText, 'client-b');
  const both = await Promise.all([call(f.clientB), call(f.clientA)]);
  assert.deepEqual(
    both.map((r) => r.bodyText),
    ['client-b', 'client-a'],
  );
  // a plain call after certificate calls must not ride on a connection that carried a certificate
  const plain = await failure(call());
  assert.equal(plain.kind, 'tls');
  const stranger = await failure(call(f.strangerClient));
  assert.equal(stranger.kind, 'tls');
  assert.match(stranger.message, /client certificate/);
});

test('a client-wide certificate is used on every call of that client', async () => {
  const f = await tlsFixtures();
  const server = track(
    await startHttpsServer((req, res) => res.end(peerCommonName(req) ?? 'none'), { clientCa: f.clientCa }),
  );
  const client = track(
    createEgressClient({ caCertificates: [f.serverCa.certificatePem], clientCertificate: f.clientB }),
  );
  assert.equal((await client.request({ method: 'GET', url: server.origin })).bodyText, 'client-b');
});

test('no error message, property or inspection ever contains the request body', async () => {
  const secret = 'binding-1$SUPER-SECRET-do-not-print';
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sb-x', client_secret: secret });
  const silent = track(await startHttpServer(() => undefined));
  const client = track(createEgressClient({ timeoutMs: 300, allowHosts: ['127.0.0.1:*', '*.invalid'] }));
  const errors = [
    await failure(client.request({ method: 'POST', url: silent.origin, body: form })),
    await failure(client.request({ method: 'POST', url: `http://127.0.0.1:${await closedPort()}/`, body: form })),
    await failure(
      client.request({ method: 'POST', url: 'https://nothing.invalid/oauth/token', body: form.toString() }),
    ),
    await failure(client.request({ method: 'POST', url: 'https://elsewhere.example/', body: form })),
  ];
  assert.deepEqual(
    errors.map((e) => e.kind),
    ['timeout', 'connection_refused', 'dns', 'not_allowed'],
  );
  for (const error of errors) {
    for (const text of [error.message, inspect(error, { depth: 10 }), JSON.stringify(error), String(error.stack)]) {
      assert.ok(!text.includes(secret) && !text.includes(encodeURIComponent(secret)), text);
    }
  }
});

test('invalid URLs and non-http schemes are refused without repeating the URL', async () => {
  const client = track(createEgressClient());
  const bad = await failure(client.request({ method: 'GET', url: 'not a url with secret' }));
  assert.equal(bad.kind, 'invalid_url');
  assert.ok(!bad.message.includes('secret'));
  assert.equal((await failure(client.request({ method: 'GET', url: 'file:///etc/passwd' }))).kind, 'invalid_url');
});

test('after close() a client refuses to send', async () => {
  const client = createEgressClient();
  await client.close();
  const error = await failure(client.request({ method: 'GET', url: 'http://127.0.0.1:9/' }));
  assert.match(error.message, /closed/);
});
