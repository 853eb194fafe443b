/**
 * The `rev_sig` claim: which credential a token was issued with, without naming it. UAA derives `rev_sig` from
 * the client and its secret, so every token of one credential carries the same short value and a resource server
 * can tell that credential's tokens from those of the client's other credentials. calm-keys derives it from the
 * credential's id (not its secret: nothing about a secret should be guessable from a token), hashed and cut to
 * 8 hex characters as UAA's are. The check of tokens of deleted bindings (deleted-binding-tokens.ts) compares it
 * with the signatures of the client's credentials that still stand.
 */
import { sha256Hex } from '../crypto/index.js';

/** 8 hex characters, as in XSUAA's tokens. */
export const REV_SIG_LENGTH = 8;

export function revocationSignature(credentialId: string): string {
  return sha256Hex(`calm-keys rev_sig\u0000${credentialId}`).slice(0, REV_SIG_LENGTH);
}
