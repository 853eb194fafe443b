/** Only the client-credentials grant exists here (XSUAA's service keys use nothing else). */
import { OAuthError } from '../oauth-error.js';
import { filled, type TokenContext } from './context.js';

export function checkGrantType(ctx: TokenContext): void {
  const grantType = filled(ctx, 'params').get('grant_type');
  if (grantType === null) throw new OAuthError('invalid_request', 'The grant_type parameter is missing.');
  if (grantType !== 'client_credentials')
    throw new OAuthError(
      'unsupported_grant_type',
      `The grant type "${grantType}" is not supported here; use client_credentials.`,
    );
}
