export {
  createSigningKeys,
  XSSEC_JWKS_CACHE_MS,
  type SigningKeys,
  type SigningKeyPolicy,
  type PublishedKey,
} from './signing-keys.js';
export { createTokenService, audienceFor, type TokenService, type TokenResponse } from './token.service.js';
export {
  createClientRegistry,
  CREDENTIAL_TYPES,
  type ClientRegistry,
  type CredentialType,
  type NewClient,
} from './clients.service.js';
export { createTokenVerifier, type TokenVerifier, type VerifiedToken, type VerifyOptions } from './verifier.js';
export { readTokenForm, NOT_A_FORM } from './token-request.js';
export { readClientAuthentication, type ClientAuthentication, type PeerCertificate } from './client-auth.js';
export { CLIENT_AUTH_FAILURE_LIMIT } from './client-auth-throttle.js';
export { createVerifiedSecretCache, type VerifiedSecretCache } from './client-auth-cache.js';
export { OAuthError, isOAuthError, type OAuthErrorCode } from './oauth-error.js';
export { createKeyUsage, type KeyUsage } from './key-usage.js';
export * as xsuaaViews from './xsuaa.view.js';
export { XSUAA_ERRORS, OAUTH_ERRORS, type XsuaaErrorCode, type OAuthErrorValue } from './errors.js';
export {
  createDeletedBindingTokenCheck,
  type DeletedBindingTokenCheck,
  type DeletedBindingRefusal,
  type DeletedBindingReason,
  type IssuedToken,
} from './deleted-binding-tokens.js';
export { CLIENT_STANDING_TTL_MS } from './client-standing.js';
