/**
 * The error codes crypto raises, in one typed catalogue like landscape/errors.ts (a wrong master key setting is
 * configuration's `config.master_key`, config/errors.ts). A code is stable once released. This file imports
 * nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const CRYPTO_ERRORS = {
  master_key_length: 'crypto.master_key_length',
  /** A stored secret does not decrypt with this master key. */
  undecryptable: 'crypto.undecryptable',
} as const;

export type CryptoErrorCode = (typeof CRYPTO_ERRORS)[keyof typeof CRYPTO_ERRORS];
