import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import { createInProcessFailureCounter, fixedClock } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createClientRegistry } from './clients.service.js';
import { isOAuthError } from './oauth-error.js';
import { createSigningKeys, type SigningKeys } from './signing-keys.js';
import { filled, newTokenContext, type TokenRequest } from './token-steps/context.js';
import { createTokenService, TOKEN_STEPS } from './token.service.js';

const CLIENT_ID = 'sb-calm!b1|sapcloudalm!b4711';
const SCOPE = 'sapcloudalm!b4711.calm-api.metrics.read';

async function setup(options: { signingKeys?: (real: SigningKeys) => SigningKeys } = {}) {
  const store = await (await testDatabaseKinds())[0]!.open();
  const clock = fixedClock(new Date('2026-11-23T00:00:00Z'));
  const keys = createSigningKeys({
    db: store.db,
    dialect: store.dialect,
    secrets: createSecretBox(randomBytes(32)),
    clock,
    audit: createAuditWriter(clock),
    policy: { activationDelayMs: 3_600_000, retainMs: 3_600_000 },
  });
  await keys.ensureKey();
  const registry = createClientRegistry({ clock });
  await registry.createZone(store.db, { id: 'zone-1', subdomain: 'calm-demo', name: 'demo' });
  await registry.createClient(store.db, {
    zoneId: 'zone-1',
    clientId: CLIENT_ID,
    xsappname: 'calm!b1',
    credentialTypes: ['binding-secret'],
    authorities: [SCOPE],
  });
  const { secret } = await registry.addSecret(store.db, {
    clientId: CLIENT_ID,
    credentialType: 'binding-secret',
    bindingId: 'binding-1',
  });
  const used: string[] = [];
  const tokens = createTokenService({
    db: store.db,
    clock,
    signingKeys: options.signingKeys ? options.signingKeys(keys) : keys,
    limiter: createInProcessFailureCounter({ limit: 20, windowMs: 60_000 }),
    issuerBase: () => 'https://localhost:8443',
    tokenValiditySeconds: 3600,
    usage: { tokenIssued: async (id) => void used.push(id) },
  });
  const lines: { fields: { step: string; error: string }; message: string }[] = [];
  const log = {
    debug: (fields: { step: string; error: string }, message: string) => void lines.push({ fields, message }),
  };
  const request = (form: Record<string, string>, extra: Partial<TokenRequest> = {}): TokenRequest => ({
    body: new URLSearchParams(form),
    url: '/oauth/token',
    authorization: undefined,
    cfEncodedCredentials: undefined,
    certificate: undefined,
    callerAddress: '192.0.2.1',
    log,
    ...extra,
  });
  return { store, tokens, secret, used, lines, request };
}

test('the token endpoint runs its named steps in this order', () => {
  assert.deepEqual(
    TOKEN_STEPS.map((step) => step.name),
    [
      'parseRequest',
      'readCredentials',
      'checkGrantType',
      'authenticateClient',
      'resolveScopes',
      'buildClaims',
      'sign',
      'recordUsage',
    ],
  );
});

test('a step that reads a field no earlier step set fails loudly instead of signing a wrong token', () => {
  const ctx = newTokenContext({
    body: undefined,
    url: '/oauth/token',
    authorization: undefined,
    cfEncodedCredentials: undefined,
    certificate: undefined,
    callerAddress: '192.0.2.1',
  });
  ctx.step = 'buildClaims';
  assert.throws(() => filled(ctx, 'client'), /Token step buildClaims ran before client was set/);
});

test('a refused token request names the step that refused it in one debug line, with the RFC 6749 code and no secret', async () => {
  const { store, tokens, secret, lines, request, used } = await setup();
  try {
    const good = { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: secret };
    const cases: [TokenRequest, string, string][] = [
      [{ ...request(good), body: { grant_type: 'client_credentials' } }, 'parseRequest', 'invalid_request'],
      [request({ grant_type: 'client_credentials', client_id: CLIENT_ID }), 'readCredentials', 'invalid_client'],
      [request({ ...good, grant_type: 'password' }), 'checkGrantType', 'unsupported_grant_type'],
      [request({ ...good, client_secret: `${secret}x` }), 'authenticateClient', 'invalid_client'],
      [request({ ...good, scope: 'uaa.admin' }), 'resolveScopes', 'invalid_scope'],
    ];
    for (const [input, step, error] of cases) {
      lines.length = 0;
      await assert.rejects(tokens.issue(input), (e: unknown) => isOAuthError(e) && e.error === error, step);
      assert.deepEqual(lines, [{ fields: { step, error }, message: 'token request refused' }], step);
    }
    assert.deepEqual(used, [], 'no refused request counts as observed use');
  } finally {
    await store.close();
  }
});

test('a server failure in a later step is rethrown as it was and logged with its step as server_error', async () => {
  const broken = new Error('database gone');
  const { store, tokens, secret, lines, request } = await setup({
    signingKeys: (real) => ({ ...real, active: () => Promise.reject(broken) }),
  });
  try {
    await assert.rejects(
      tokens.issue(request({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: secret })),
      (e: unknown) => e === broken,
    );
    assert.deepEqual(lines, [{ fields: { step: 'sign', error: 'server_error' }, message: 'token request refused' }]);
  } finally {
    await store.close();
  }
});

test('a granted token request logs no step line and notes the credential that obtained it', async () => {
  const { store, tokens, secret, used, lines, request } = await setup();
  try {
    const token = await tokens.issue(
      request({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: secret, scope: SCOPE }),
    );
    assert.equal(token.token_type, 'bearer');
    assert.equal(token.scope, SCOPE);
    assert.equal(token.expires_in, 3599);
    assert.match(token.jti, /^[0-9a-f]{32}$/);
    const claims = JSON.parse(Buffer.from(token.access_token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(claims.jti, token.jti);
    assert.deepEqual(claims.scope, [SCOPE]);
    assert.deepEqual(lines, []);
    const credential = await store.db
      .selectFrom('client_credentials')
      .select('id')
      .where('binding_id', '=', 'binding-1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(used, [credential.id]);
  } finally {
    await store.close();
  }
});
