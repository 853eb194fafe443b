/**
 * The error codes the key test raises, in one typed catalogue like landscape/errors.ts. The test's own steps
 * report outcomes, not errors; these are what `readKeyUnderTest` and `fetchClientCredentialsToken` throw. A code
 * is stable once released: callers branch on it. This file imports nothing, so that any module may import it
 * (.dependency-cruiser.cjs, `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "Add an error code").
 */
export const KEY_TEST_ERRORS = {
  /** The key lacks what a token request needs (every missing field is in `details`). */
  unusable_key: 'key_test.unusable_key',
  /** The token server refused the key's credentials: a person must supply another key. */
  token_refused: 'key.token_refused',
  /** The token could not be fetched for a reason a retry may cure (network, 429, 5xx). */
  token_unavailable: 'key.token_unavailable',
} as const;

export type KeyTestErrorCode = (typeof KEY_TEST_ERRORS)[keyof typeof KEY_TEST_ERRORS];
