import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, LOG_MASK, redactLogObject } from './logger.js';

const BINDING_SECRET = '0d8a5e47-58b3-4b6e-9a3e-1f2c3d4e5f60$Zm9vYmFyYmF6cXV4cXV1eA';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(''), last: () => JSON.parse(lines.at(-1)!) as Record<string, any> };
}

test('secret-named fields are masked at any depth, in arrays too, and other fields are kept', () => {
  const { logger, text, last } = capture();
  logger.info(
    {
      a: { b: { c: { d: { e: { clientsecret: 's1', client_id: 'sb-x' } } } } },
      attempts: [{ clientId: 'sb-x', secretCandidates: ['s2', 's3'] }],
    },
    'deep',
  );
  const line = last();
  assert.equal(line.a.b.c.d.e.clientsecret, LOG_MASK);
  assert.equal(line.a.b.c.d.e.client_id, 'sb-x');
  assert.equal(line.attempts[0].secretCandidates, LOG_MASK);
  assert.equal(line.attempts[0].clientId, 'sb-x');
  for (const secret of ['"s1"', '"s2"', '"s3"']) assert.ok(!text().includes(secret));
});

test('credential headers, secret-shaped values under harmless names, and error fields are masked', () => {
  const { logger, text, last } = capture();
  logger.info(
    {
      headers: { Authorization: 'Basic abc', cookie: 'ck_session=1', accept: 'application/json' },
      note: `the key was ${BINDING_SECRET}`,
      pem: PEM,
    },
    'values',
  );
  const line = last();
  assert.deepEqual(line.headers, { Authorization: LOG_MASK, cookie: LOG_MASK, accept: 'application/json' });
  assert.equal(line.note, LOG_MASK);
  assert.equal(line.pem, LOG_MASK);

  const error = Object.assign(new Error('driver failed'), {
    parameters: { password: 'pw-123456', user: 'calm' },
    context: { request: { signer: { privateKey: 'pk-inner' } } },
  });
  logger.error({ err: error }, 'failed');
  const logged = last().err;
  assert.equal(logged.message, 'driver failed');
  assert.deepEqual(logged.parameters, { password: LOG_MASK, user: 'calm' });
  assert.equal(logged.context.request.signer.privateKey, LOG_MASK);
  for (const secret of [BINDING_SECRET, 'MIIEvQIBADAN', 'pw-123456', 'pk-inner', 'Basic abc', 'ck_session'])
    assert.ok(!text().includes(secret), secret);
});

test('booleans and empty values under secret names stay visible; cycles and extreme depth end in the mask', () => {
  const cyclic: Record<string, unknown> = { hasSecret: true, token: '', password: null };
  cyclic.self = cyclic;
  let deep: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < 40; i += 1) deep = { next: deep };
  const out = redactLogObject({ cyclic, deep }) as Record<string, any>;
  assert.deepEqual(
    [out.cyclic.hasSecret, out.cyclic.token, out.cyclic.password, out.cyclic.self],
    [true, '', null, LOG_MASK],
  );
  assert.ok(JSON.stringify(out.deep).includes(LOG_MASK));
});

test('a request is logged as method and path, never its query string', () => {
  const { logger, last } = capture();
  logger.info(
    { req: { id: 'r1', method: 'POST', url: '/oauth/token?client_secret=abc', headers: { authorization: 'Basic x' } } },
    'incoming',
  );
  assert.deepEqual(last().req, { id: 'r1', method: 'POST', path: '/oauth/token' });
});
