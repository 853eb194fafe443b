/** Identifiers and secrets. Everything random in calm-keys comes from here (node:crypto's CSPRNG). */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** A new random UUID (v4), used as the id of every stored object. */
export function newId(): string {
  return randomUUID();
}

/** `bytes` random bytes as unpadded base64url: safe in URLs, form bodies and JSON without escaping. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A binding secret in XSUAA's shape `<bindingId>$<random>`. The binding id prefix tells which binding
 * a secret belongs to (as in XSUAA); the 32-byte tail is base64url so that it needs no escaping beyond
 * the `$` that form encoding already handles (docs/sap-sources.md §7).
 */
export function newBindingSecret(bindingId: string): string {
  return `${bindingId}$${randomToken(32)}`;
}

/** Hex identifier of `bytes` random bytes, e.g. JWT `jti` (32 hex characters as XSUAA uses). */
export function randomHex(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Letters and digits that cannot be mistaken for one another when read off a screen or a printout: no
 * 0/O, 1/l/I (only lower case, without l and o; digits from 2). 32 symbols, so each carries exactly 5 bits.
 */
export const READABLE_ALPHABET = '23456789abcdefghijkmnpqrstuvwxyz';

/**
 * A secret a person can read aloud and type: `groups` groups of `groupLength` symbols of READABLE_ALPHABET
 * joined by "-". The default 4 x 5 carries 20 x 5 = 100 bits of entropy. Each symbol is drawn with
 * randomInt, which is uniform (no modulo bias).
 */
export function readableSecret(groups = 4, groupLength = 5): string {
  const group = () =>
    Array.from({ length: groupLength }, () => READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)]).join('');
  return Array.from({ length: groups }, group).join('-');
}

/** A uniformly random integer in [min, max). */
export function randomIntBetween(min: number, max: number): number {
  return randomInt(min, max);
}
