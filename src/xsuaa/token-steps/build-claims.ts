/** The claims of the access token, shaped as XSUAA's (docs/sap-sources.md §7). */
import { filled, type TokenContext, type TokenStepDeps } from './context.js';
import { randomTokenHex } from './token-ids.js';
import { revocationSignature } from '../revocation-signature.js';

/** `aud`: the client id plus every scope without its last segment (`uaa.resource` gives `uaa`). */
export function audienceFor(clientId: string, scopes: readonly string[]): string[] {
  const aud = new Set<string>([clientId]);
  for (const scope of scopes) {
    const dot = scope.lastIndexOf('.');
    if (dot > 0) aud.add(scope.slice(0, dot));
  }
  return [...aud];
}

export function buildClaims(ctx: TokenContext, deps: TokenStepDeps): void {
  const client = filled(ctx, 'client');
  const scopes = filled(ctx, 'scopes');
  const iat = Math.floor(deps.clock.now().getTime() / 1000);
  ctx.claims = {
    jti: randomTokenHex(16),
    ext_attr: {
      enhancer: 'XSUAA',
      subaccountid: client.zone_id,
      zdn: client.subdomain,
      ...(client.service_instance_id ? { serviceinstanceid: client.service_instance_id } : {}),
    },
    sub: client.client_id,
    authorities: scopes,
    scope: scopes,
    client_id: client.client_id,
    cid: client.client_id,
    azp: client.client_id,
    grant_type: 'client_credentials',
    // the same for every token of one credential (revocation-signature.ts), as UAA's is for one client secret
    rev_sig: revocationSignature(filled(ctx, 'credentialId')),
    iat,
    exp: iat + deps.tokenValiditySeconds,
    iss: `${deps.issuerBase()}/oauth/token`,
    zid: client.zone_id,
    aud: audienceFor(client.client_id, scopes),
  };
}
