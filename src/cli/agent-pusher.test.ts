/** The collector's delivery rules: retry 429/5xx and network failures with backoff, honour Retry-After, refresh the token once on 401, never retry a refusal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { EgressError, type EgressClient, type EgressResponse } from '../egress/index.js';
import { fetchClientCredentialsToken } from '../key-test/index.js';
import { abortableSleep, backoffMs, createPusher, createTokenSource } from './agent-pusher.js';

function response(status: number, body: unknown = {}, headers: Record<string, string> = {}): EgressResponse {
  const text = JSON.stringify(body);
  return { status, headers, bodyText: text, bodyBytes: Buffer.from(text), json: () => body };
}

function scripted(answers: (EgressResponse | Error)[]) {
  const seen: string[] = [];
  const egress = {
    async request(req: { headers?: Record<string, string> }) {
      seen.push(req.headers?.authorization ?? '');
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
    close: async () => undefined,
  } as unknown as EgressClient;
  return { egress, seen };
}

const settings = {
  url: 'https://api.example.invalid/calm-metrics/v1/metrics?serviceId=s',
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

test('429 and 503 are retried with backoff; Retry-After wins when longer', async () => {
  const { egress } = scripted([
    response(429, {}, { 'retry-after': '7' }),
    response(503),
    response(200, { acceptedDataPoints: 3 }),
  ]);
  const waits: number[] = [];
  const push = createPusher({
    egress,
    tokens: { get: async () => 't' },
    settings,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
  });
  const outcome = await push({});
  assert.deepEqual(outcome, { ok: true, attempts: 3, accepted: 3 });
  assert.equal(waits[0], 7000, 'Retry-After: 7 s');
  assert.equal(waits[1], 1500, 'second retry: 2 s backoff with jitter in [1, 2] s');
});

test('network failures are retried until the attempts run out; the reason names the last failure', async () => {
  const down = new EgressError(
    'connection_refused',
    'connection to api.example.invalid:443 refused: nothing listens there',
    { target: 'api.example.invalid:443' },
  );
  const { egress } = scripted([down, down, down, down]);
  const outcome = await createPusher({
    egress,
    tokens: { get: async () => 't' },
    settings,
    sleep: async () => undefined,
  })({});
  assert.equal(outcome.ok, false);
  assert.match(
    (outcome as { reason: string }).reason,
    /^gave up after 4 attempts: connection to api\.example\.invalid:443 refused/,
  );
});

test('a 401 fetches a new token once; a second 401 and a 403 are refusals, not retried', async () => {
  let issued = 0;
  const tokens = { get: async (fresh?: boolean) => (fresh ? `t${(issued += 1)}` : `t${issued}`) };
  const { egress, seen } = scripted([response(401), response(200, { acceptedDataPoints: 1 })]);
  assert.deepEqual(await createPusher({ egress, tokens, settings, sleep: async () => undefined })({}), {
    ok: true,
    attempts: 1,
    accepted: 1,
  });
  assert.deepEqual(seen, ['Bearer t0', 'Bearer t1']);

  const refused = scripted([response(403, { error: { message: 'The access token lacks the scope x.' } })]);
  const outcome = await createPusher({
    egress: refused.egress,
    tokens,
    settings,
    sleep: async () => assert.fail('no retry'),
  })({});
  assert.deepEqual(outcome, {
    ok: false,
    attempts: 1,
    reason: 'HTTP 403: The access token lacks the scope x.',
    transient: false,
  });
});

test('backoff doubles up to the cap; tokens are reused until 80 % of their lifetime', async () => {
  assert.equal(
    backoffMs(1, settings, () => 1),
    1000,
  );
  assert.equal(
    backoffMs(3, settings, () => 1),
    4000,
  );
  assert.equal(
    backoffMs(20, settings, () => 1),
    60_000,
  );
  let now = 0;
  let fetched = 0;
  const source = createTokenSource(
    async () => ({ accessToken: `a${(fetched += 1)}`, expiresIn: 100 }),
    () => now,
  );
  assert.equal(await source.get(), 'a1');
  now = 79_000;
  assert.equal(await source.get(), 'a1');
  now = 81_000;
  assert.equal(await source.get(), 'a2');
});

const key = {
  uaa: {
    clientid: 'sb-x!b1|calm!b4711',
    clientsecret: 'b$secret',
    url: 'https://zone.example.invalid',
    identityzone: 'zone',
    'credential-type': 'binding-secret',
  },
  endpoints: { Api: 'https://api.example.invalid/api' },
};

test('a token server that refuses with 403, 404 or a bare 400 is asked once, not five times; 429 and 5xx are retried', async () => {
  for (const status of [403, 404, 400]) {
    const { egress, seen } = scripted([
      response(status, 'no'),
      response(status, 'no'),
      response(status, 'no'),
      response(status, 'no'),
    ]);
    const tokens = createTokenSource(() => fetchClientCredentialsToken(key, egress), Date.now);
    const outcome = await createPusher({
      egress,
      tokens,
      settings,
      sleep: async () => assert.fail(`HTTP ${status} from the token server is not retried`),
    })({});
    assert.equal(outcome.ok, false);
    assert.equal((outcome as { transient: boolean }).transient, false);
    assert.match((outcome as { reason: string }).reason, new RegExp(`HTTP ${status}`));
    assert.equal(seen.length, 1, `one token request for HTTP ${status}`);
  }
  const { egress, seen } = scripted([
    response(429),
    response(503),
    response(200, { access_token: 'a', token_type: 'bearer', expires_in: 60 }),
    response(200, { acceptedDataPoints: 1 }),
  ]);
  const tokens = createTokenSource(() => fetchClientCredentialsToken(key, egress), Date.now);
  assert.deepEqual(await createPusher({ egress, tokens, settings, sleep: async () => undefined })({}), {
    ok: true,
    attempts: 3,
    accepted: 1,
  });
  assert.equal(seen.length, 4);
});

test('an untrusted certificate is a refusal with the ways to trust the CA, not retried', async () => {
  const untrusted = new EgressError(
    'tls',
    'TLS with api.example.invalid:443 failed: the server certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN)',
    { target: 'api.example.invalid:443' },
  );
  const { egress } = scripted([untrusted, untrusted]);
  const outcome = await createPusher({
    egress,
    tokens: { get: async () => 't' },
    settings,
    sleep: async () => assert.fail('no retry'),
  })({});
  assert.equal(outcome.ok, false);
  assert.match((outcome as { reason: string }).reason, /not trusted .*--ca <file> or CALM_KEYS_CA_FILE/);
});

test('waits on one signal leave no abort listener behind (MaxListenersExceededWarning after 11 pushes)', async () => {
  const stop = new AbortController();
  for (let i = 0; i < 12; i += 1) await abortableSleep(1, stop.signal);
  assert.equal(getEventListeners(stop.signal, 'abort').length, 0);
  const pending = abortableSleep(60_000, stop.signal);
  assert.equal(getEventListeners(stop.signal, 'abort').length, 1);
  stop.abort();
  await pending;
  assert.equal(getEventListeners(stop.signal, 'abort').length, 0);
});
