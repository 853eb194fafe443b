// Runs SAP's own client libraries against a calm-keys service key, in a child process started with
// NODE_EXTRA_CA_CERTS=<our CA> (how a real application trusts a private CA; nothing is relaxed).
// Usage: node test/support/sap-clients.mjs <key.json>; prints one JSON line of results.
import { readFileSync } from 'node:fs';
import xssec from '@sap/xssec';
import { serviceToken, transformServiceBindingToClientCredentialsDestination } from '@sap-cloud-sdk/connectivity';

const key = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = {};

async function step(name, run) {
  try {
    results[name] = { ok: true, ...(await run()) };
  } catch (error) {
    results[name] = { ok: false, error: `${error?.name}: ${error?.message}` };
  }
}

let jwt;
await step('xssec.fetchClientCredentialsToken', async () => {
  const service = new xssec.XsuaaService(key.uaa);
  const response = await service.fetchClientCredentialsToken();
  jwt = response.access_token;
  return { tokenType: response.token_type, expiresIn: response.expires_in, scope: response.scope };
});

await step('xssec.createSecurityContext', async () => {
  const service = new xssec.XsuaaService(key.uaa);
  const context = await xssec.createSecurityContext(service, { jwt });
  return {
    clientId: context.token.clientId ?? context.getClientId?.(),
    zoneId: context.getZoneId(),
    subdomain: context.getSubdomain?.(),
    grantType: context.getGrantType?.(),
    hasMetricsWrite: context.checkScope?.(
      `${key.uaa.xsappname.split('|')[1] ?? key.uaa.xsappname}.calm-api.metrics.write`,
    ),
  };
});

// The Cloud SDK reads clientid/secret/url at the top level of credentials: hand it the uaa object
// (docs/sap-sources.md §7), under the binding label SAPCloudALMAPIs.
const binding = { name: 'calm', label: 'SAPCloudALMAPIs', plan: 'standard', tags: [], credentials: key.uaa };

await step('sdk.serviceToken', async () => {
  const token = await serviceToken(binding, { useCache: false });
  return {
    length: token.length,
    sameZone: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).zid === key.uaa.identityzoneid,
  };
});

await step('sdk.transformServiceBindingToClientCredentialsDestination', async () => {
  const destination = await transformServiceBindingToClientCredentialsDestination(binding, {
    url: key.endpoints.Api,
    useCache: false,
  });
  return {
    url: destination.url,
    authentication: destination.authentication,
    hasToken: Boolean(destination.authTokens?.[0]?.value),
  };
});

process.stdout.write(`${JSON.stringify(results)}\n`);
