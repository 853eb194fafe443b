/** Notes which credential obtained a token (observed use, key-usage.ts); best effort, it never refuses a token. */
import { filled, type TokenContext, type TokenStepDeps } from './context.js';

export function recordUsage(ctx: TokenContext, deps: TokenStepDeps): Promise<void> | undefined {
  return deps.usage?.tokenIssued(filled(ctx, 'credentialId'));
}
