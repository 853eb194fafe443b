import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { createJwtSigner, signingPlacement } from './jwt-signer.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const header = {
  alg: 'RS256',
  kid: 'default-jwt-key-0123456789',
  typ: 'JWT',
  jku: 'https://localhost:8443/token_keys',
} as const;
const claims = {
  jti: '0f'.repeat(16),
  ext_attr: { enhancer: 'XSUAA', subaccountid: 'zone-1', zdn: 'calm-demo' },
  sub: 'sb-calm!b1|sapcloudalm!b4711',
  scope: ['sapcloudalm!b4711.calm-api.metrics.write', 'ünïcode.scope'],
  iat: 1_795_000_000,
  exp: 1_795_043_200,
  iss: 'https://localhost:8443/oauth/token',
  aud: ['sb-calm!b1|sapcloudalm!b4711', 'sapcloudalm!b4711.calm-api.metrics'],
};

for (const placement of ['main-thread', 'threadpool'] as const) {
  test(`signing on the ${placement} gives byte for byte the token jose's SignJWT gives (what xssec was tested with)`, async () => {
    const sign = createJwtSigner(placement);
    const ours = await sign(header, claims, privateKey);
    const jose = await new SignJWT(claims).setProtectedHeader(header).sign(privateKey);
    assert.equal(ours, jose);
    const { payload, protectedHeader } = await jwtVerify(ours, publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(claims.iat * 1000),
    });
    assert.deepEqual(payload, claims);
    assert.deepEqual(protectedHeader, header);
    // the header is encoded once per kid and URL: a new kid is not signed under the old header
    const rotated = await sign({ ...header, kid: 'default-jwt-key-abcdefabcd' }, claims, privateKey);
    assert.equal(
      (await jwtVerify(rotated, publicKey, { currentDate: new Date(claims.iat * 1000) })).protectedHeader.kid,
      'default-jwt-key-abcdefabcd',
    );
  });
}

test('a key that cannot sign RS256 rejects the promise (the token endpoint maps it as before), on both placements', async () => {
  const { privateKey: edKey } = generateKeyPairSync('ed25519');
  for (const placement of ['main-thread', 'threadpool'] as const) {
    // an Ed25519 key refuses a digest; the promise rejects instead of throwing synchronously
    await assert.rejects(createJwtSigner(placement)(header, claims, edKey));
  }
});

test('auto: the threadpool when the process may use more than one CPU, the main thread on one (taskset -c 0)', () => {
  assert.equal(signingPlacement('auto', 1), 'main-thread');
  assert.equal(signingPlacement('auto', 2), 'threadpool');
  assert.equal(signingPlacement('main-thread', 8), 'main-thread');
  assert.equal(signingPlacement('threadpool', 1), 'threadpool');
});

test('the random parts of tokens never repeat across pool refills and are hex of the asked length', async () => {
  const { randomTokenHex } = await import('./token-steps/token-ids.js');
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const jti = randomTokenHex(16);
    assert.match(jti, /^[0-9a-f]{32}$/);
    assert.match(randomTokenHex(4), /^[0-9a-f]{8}$/);
    seen.add(jti);
  }
  assert.equal(seen.size, 1000);
});
