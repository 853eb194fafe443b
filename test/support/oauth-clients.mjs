// Fetches client-credentials tokens with two third-party OAuth libraries, called the way SAP's samples call
// them (SAP-samples/cloud-alm-api-examples): client-oauth2 4 `credentials.getToken()` (kanban4calm: HTTP Basic,
// body grant_type only) and axios-oauth-client 2 `clientCredentials(axios.create(), url, id, secret)`
// (CustomProcessUpload, ScopingAPI: id and secret in the form body). Nothing is configured but the URL and the
// credentials: the process is started with NODE_EXTRA_CA_CERTS=<our CA>, how an application trusts a private CA.
// Usage: node test/support/oauth-clients.mjs <config.json>, a map of key names to {tokenUrl, clientId,
// clientSecret, wrongSecret}; prints one JSON line: per key and library, the token it got and what it reports for
// the wrong secret.
import { readFileSync } from 'node:fs';
import ClientOAuth2 from 'client-oauth2';
import axios from 'axios';
import { clientCredentials } from 'axios-oauth-client';

const keys = JSON.parse(readFileSync(process.argv[2], 'utf8'));

async function outcome(run) {
  try {
    return { ok: true, ...(await run()) };
  } catch (error) {
    return { ok: false, name: error?.name, message: String(error?.message), ...describe(error) };
  }
}

/** What each library exposes about a refusal: client-oauth2 `code` and `body`, axios `response`. */
function describe(error) {
  if (error?.response) return { status: error.response.status, body: error.response.data, code: error.code };
  return { code: error?.code, status: error?.status, body: error?.body };
}

const clientOAuth2 =
  ({ tokenUrl, clientId }, secret) =>
  async () => {
    const auth = new ClientOAuth2({ clientId, clientSecret: secret, accessTokenUri: tokenUrl });
    const token = await auth.credentials.getToken();
    return { accessToken: token.accessToken, tokenType: token.tokenType, scope: token.data.scope };
  };

const axiosOAuthClient =
  ({ tokenUrl, clientId }, secret) =>
  async () => {
    const getToken = clientCredentials(axios.create(), tokenUrl, clientId, secret);
    const auth = await getToken();
    return { accessToken: auth.access_token, tokenType: auth.token_type, scope: auth.scope };
  };

const results = {};
for (const [name, key] of Object.entries(keys)) {
  results[name] = {};
  for (const [library, flow] of Object.entries({
    'client-oauth2': clientOAuth2,
    'axios-oauth-client': axiosOAuthClient,
  }))
    results[name][library] = {
      token: await outcome(flow(key, key.clientSecret)),
      wrong: await outcome(flow(key, key.wrongSecret)),
    };
}
process.stdout.write(`${JSON.stringify(results)}\n`);
