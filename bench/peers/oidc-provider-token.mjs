// Peer for the token benchmark (bench/run.mjs): oidc-provider, the certified OpenID Connect server for Node, set up
// for the grant calm-keys serves: client_credentials with client_secret_basic, one static client, RS256-signed JWT
// access tokens. oidc-provider issues JWT (not opaque, not stored) access tokens only for a resource server, so
// resourceIndicators names one, is the default of every request (no `resource=` needed) and says
// accessTokenFormat 'jwt'. Token endpoint POST /token, public keys GET /jwks (the provider's defaults).
//
//   PORT=4101 BENCH_CLIENT_ID=bench-client BENCH_CLIENT_SECRET=bench-secret node bench/peers/oidc-provider-token.mjs
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 4101);
const host = process.env.HOST ?? '127.0.0.1';
const clientId = process.env.BENCH_CLIENT_ID ?? 'bench-client';
const clientSecret = process.env.BENCH_CLIENT_SECRET ?? 'bench-secret';
const resource = 'urn:bench:calm-api';
const scope = 'metrics.write hm.write';

const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'bench-key-1', alg: 'RS256', use: 'sig' };

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope,
    },
  ],
  jwks: { keys: [signingKey] },
  scopes: scope.split(' '),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
        return {
          scope,
          audience: resource,
          accessTokenTTL: 43200,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});
// an unexpected failure would otherwise show only as a non-2xx count in the run
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

const server = provider.listen(port, host, () => console.log(`oidc-provider on http://${host}:${port}/token`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
