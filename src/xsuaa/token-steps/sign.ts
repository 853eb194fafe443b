/** Signs the claims with the active signing key (RS256; `kid` and `jku` let xssec find the key at /token_keys). */
import { filled, type TokenContext, type TokenStepDeps } from './context.js';

export async function sign(ctx: TokenContext, deps: TokenStepDeps): Promise<void> {
  const key = await deps.signingKeys.active();
  ctx.accessToken = await deps.signJwt(
    { alg: 'RS256', kid: key.kid, typ: 'JWT', jku: `${deps.issuerBase()}/token_keys` },
    filled(ctx, 'claims'),
    key.privateKey,
  );
}
