/** The scopes of the token: all the client's authorities, or the subset `scope` asks for (RFC 6749 section 3.3). */
import { OAuthError } from '../oauth-error.js';
import { filled, type TokenContext } from './context.js';

export function narrowScopes(granted: readonly string[], requested: string | null): string[] {
  if (requested === null || requested.trim() === '') return [...granted];
  const wanted = [...new Set(requested.trim().split(/\s+/))];
  const missing = wanted.filter((s) => !granted.includes(s));
  if (missing.length > 0)
    throw new OAuthError('invalid_scope', `The client is not allowed these scopes: ${missing.join(' ')}.`);
  return wanted;
}

export function resolveScopes(ctx: TokenContext): void {
  ctx.scopes = narrowScopes(
    JSON.parse(filled(ctx, 'client').authorities) as string[],
    filled(ctx, 'params').get('scope'),
  );
}
