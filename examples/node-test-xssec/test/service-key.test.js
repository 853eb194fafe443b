// Tests of an application that calls SAP Cloud ALM with a service key, against calm-keys instead of a tenant:
// SAP's @sap/xssec fetches a token with the seeded key and validates it (signature from the JWKS, issuer, zone),
// the token endpoint failing for this client is seen as such, and a token 13 hours old is refused by the API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import xssec from '@sap/xssec';
import { startCalmKeys } from 'calm-keys/testing';

const SECRET = 'example-fixed-secret-0123456789';
let calm;

before(async () => {
  calm = await startCalmKeys({
    seed: fileURLToPath(new URL('../landscape.yaml', import.meta.url)),
    env: { CI_KEY_SECRET: SECRET },
  });
  // @sap/xssec calls the token endpoint and the JWKS with node:https: trust the server's local CA
  calm.trustInThisProcess();
});

after(() => calm?.stop());

test('@sap/xssec gets a token with the seeded key and accepts it', async () => {
  const key = calm.keys['ci-key'];
  assert.equal(key.uaa.clientsecret, SECRET);
  const service = new xssec.XsuaaService(key.uaa);
  const { access_token: jwt } = await service.fetchClientCredentialsToken();
  const context = await xssec.createSecurityContext(service, { jwt });
  assert.equal(context.getZoneId(), key.uaa.zoneid);
  assert.equal(context.token.clientId, key.uaa.clientid);
});

test('the token endpoint answering 503 for this client reaches the application as an error', async () => {
  const key = calm.keys['ci-key'];
  await calm.faults.add({ target: 'token', clientId: key.uaa.clientid, status: 503 });
  try {
    const service = new xssec.XsuaaService(key.uaa);
    await assert.rejects(service.fetchClientCredentialsToken());
  } finally {
    await calm.faults.clear();
  }
});

test('13 hours later the Cloud ALM API refuses the token, and a new one works', async () => {
  const key = calm.keys['ci-key'];
  const api = `${key.endpoints.Api}/calm-landscape/v1/landscapeObjects`;
  const status = async (token) => (await calm.fetch(api, { headers: { authorization: `Bearer ${token}` } })).status;
  const token = await calm.token('ci-key');
  assert.equal(await status(token), 200);
  await calm.clock.advance('13h');
  assert.equal(await status(token), 401);
  assert.equal(await status(await calm.token('ci-key')), 200);
});
