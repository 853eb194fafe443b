// Peer for the token benchmark (bench/run.mjs): the least a client_credentials token endpoint can do and still be
// honest, on bare node:http. XSUAA-shaped: POST /oauth/token with client_secret_basic, an RS256 JWT with XSUAA's
// claims, the public key at GET /token_keys. The RSA key is made once and kept as a KeyObject, so a request costs
// the Basic parsing, one secret comparison and one signature. Nothing is stored: the token is self-contained.
//
//   PORT=4103 BENCH_CLIENT_ID=bench-client BENCH_CLIENT_SECRET=bench-secret node bench/peers/minimal-token.mjs
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
import { URLSearchParams } from 'node:url';
import { createHash, generateKeyPairSync, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { SignJWT, exportJWK } from 'jose';

const port = Number(process.env.PORT ?? 4103);
const host = process.env.HOST ?? '127.0.0.1';
const clientId = process.env.BENCH_CLIENT_ID ?? 'bench-client';
const secretDigest = sha256(process.env.BENCH_CLIENT_SECRET ?? 'bench-secret');
const zone = 'bench-zone';
const issuer = `http://localhost:${port}/oauth/token`;
const scopes = ['bench!b1.calm-api.metrics.write', 'bench!b1.calm-api.hm.write'];
const lifetimeSeconds = 43200;
const kid = 'bench-key-1';
const maxBody = 16 * 1024;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const tokenKeys = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });

function sha256(text) {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Basic base64(formEncode(id) ":" formEncode(secret)), RFC 6749 section 2.3.1; undefined when malformed. */
function basicCredentials(header) {
  if (typeof header !== 'string' || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function send(res, status, body, extra = {}) {
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    ...extra,
  });
  res.end(JSON.stringify(body));
}

async function issue(req, res, form) {
  if (form.get('grant_type') !== 'client_credentials')
    return send(res, 400, { error: 'unsupported_grant_type', error_description: 'only client_credentials' });
  const creds = basicCredentials(req.headers.authorization);
  // both branches compare digests of equal length, so a wrong id costs the same as a wrong secret
  const ok = creds !== undefined && timingSafeEqual(sha256(creds.secret), secretDigest) && creds.id === clientId;
  if (!ok)
    return send(
      res,
      401,
      { error: 'invalid_client', error_description: 'Bad credentials' },
      { 'www-authenticate': 'Basic realm="UAA/client"' },
    );
  const now = Math.floor(Date.now() / 1000);
  const jti = randomUUID().replace(/-/g, '');
  const accessToken = await new SignJWT({
    jti,
    sub: clientId,
    client_id: clientId,
    cid: clientId,
    azp: clientId,
    grant_type: 'client_credentials',
    authorities: scopes,
    scope: scopes,
    zid: zone,
    ext_attr: { enhancer: 'XSUAA', subaccountid: zone, zdn: zone },
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, jku: `http://localhost:${port}/token_keys` })
    .setIssuer(issuer)
    .setAudience(['bench!b1', clientId])
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(privateKey);
  send(res, 200, {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: lifetimeSeconds - 1,
    scope: scopes.join(' '),
    jti,
  });
}

const server = createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (req.method === 'GET' && path === '/token_keys') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(tokenKeys);
    return;
  }
  if (req.method !== 'POST' || path !== '/oauth/token') {
    send(res, 404, { error: 'not_found' });
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= maxBody) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > maxBody) return send(res, 413, { error: 'invalid_request', error_description: 'body too large' });
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? Buffer.concat(chunks).toString('utf8') : '');
    issue(req, res, form).catch((err) => {
      console.error(err);
      send(res, 500, { error: 'server_error' });
    });
  });
});

server.listen(port, host, () => console.log(`minimal-token (node:http) on http://${host}:${port}/oauth/token`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
