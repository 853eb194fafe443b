/**
 * The error codes of configuration, in one typed catalogue like landscape/errors.ts. `config.master_key` is
 * raised by crypto/master-key.ts, which reads the master-key setting. A code is stable once released: callers
 * branch on it. This file imports nothing, so that any module may import it (.dependency-cruiser.cjs,
 * `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "Add an error code").
 */
export const CONFIG_ERRORS = {
  /** A setting (server or CLI client) has a value that cannot be used; `details` names each. */
  invalid: 'config.invalid',
  /** The master key setting does not decode to 32 bytes. */
  master_key: 'config.master_key',
} as const;

export type ConfigErrorCode = (typeof CONFIG_ERRORS)[keyof typeof CONFIG_ERRORS];
