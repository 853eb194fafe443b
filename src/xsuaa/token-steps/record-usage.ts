/** Notes which credential obtained a token (observed use, key-usage.ts); best effort, it never refuses a token. */
import { filled, type TokenContext, type TokenStepDeps } from './context.js';

export function recordUsage(ctx: TokenContext, deps: TokenStepDeps): Promise<void> | undefined {
  if (deps.calls) {
    const claims = filled(ctx, 'claims');
    deps.calls.called('token', claims.zid, claims.client_id, ctx.request.callerAddress, ctx.request.keyTestMarker);
  }
  return deps.usage?.tokenIssued(filled(ctx, 'credentialId'));
}
