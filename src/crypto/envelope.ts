/**
 * Envelope encryption for secrets at rest. Each value gets its own random 256-bit data key; the value is
 * sealed with AES-256-GCM under that data key, and the data key is sealed with AES-256-GCM under the
 * master key. The stored text is
 *
 *   ck1.<master key id>.<wrapped data key>.<sealed value>      (each part base64url: iv | tag | ciphertext)
 *
 * The optional `context` (for example `lm_slot:<tenant id>`) is authenticated data: a ciphertext copied
 * into another row does not decrypt there. The master key id lets a later master-key rotation find which
 * key wrapped a value.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { DomainError } from '../shared/index.js';
import { CRYPTO_ERRORS } from './errors.js';

const VERSION = 'ck1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

export interface SecretBox {
  /** Id of the master key (first 16 hex chars of its SHA-256); safe to log. */
  readonly masterKeyId: string;
  seal(plaintext: string | Buffer, context?: string): string;
  open(sealed: string, context?: string): Buffer;
  openText(sealed: string, context?: string): string;
  /**
   * A keyed fingerprint (HMAC-SHA-256 under a key derived from the master key): recognises the same secret
   * in two places without storing it, and cannot be checked offline without the master key.
   */
  fingerprint(secret: string): string;
}

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

function gcmOpen(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

export function masterKeyId(masterKey: Buffer): string {
  return createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
}

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new DomainError(
      'invalid_input',
      CRYPTO_ERRORS.master_key_length,
      `The master key must be ${MASTER_KEY_BYTES} bytes, not ${masterKey.length}.`,
    );
  }
  const id = masterKeyId(masterKey);
  const fingerprintKey = Buffer.from(
    hkdfSync('sha256', masterKey, Buffer.alloc(0), 'calm-keys secret fingerprint v1', 32),
  );
  const undecryptable = (why: string) =>
    new DomainError(
      'unavailable',
      CRYPTO_ERRORS.undecryptable,
      `A stored secret cannot be decrypted (${why}). Is this the master key the data was written with?`,
    );

  const box: SecretBox = {
    masterKeyId: id,
    seal(plaintext, context = '') {
      const dataKey = randomBytes(32);
      const aad = Buffer.from(`${VERSION}|${id}|${context}`, 'utf8');
      const wrappedKey = gcmSeal(masterKey, dataKey, aad);
      const sealed = gcmSeal(dataKey, Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, 'utf8'), aad);
      dataKey.fill(0);
      return `${VERSION}.${id}.${wrappedKey}.${sealed}`;
    },
    open(sealed, context = '') {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw undecryptable('unknown format');
      const [, keyId, wrappedKey, value] = parts as [string, string, string, string];
      if (keyId !== id) throw undecryptable(`it was sealed under master key ${keyId}, this process has ${id}`);
      const aad = Buffer.from(`${VERSION}|${id}|${context}`, 'utf8');
      try {
        const dataKey = gcmOpen(masterKey, wrappedKey, aad);
        try {
          return gcmOpen(dataKey, value, aad);
        } finally {
          dataKey.fill(0);
        }
      } catch {
        throw undecryptable('authentication failed: wrong key, wrong record, or tampered data');
      }
    },
    openText(sealed, context) {
      return box.open(sealed, context).toString('utf8');
    },
    fingerprint(secret) {
      return createHmac('sha256', fingerprintKey).update(secret, 'utf8').digest('base64url');
    },
  };
  return box;
}
