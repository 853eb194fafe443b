export {
  newId,
  randomToken,
  newBindingSecret,
  randomHex,
  randomIntBetween,
  readableSecret,
  READABLE_ALPHABET,
} from './random.js';
export { hashPassword, verifyPassword, sha256Hex, constantTimeEqual, deriveKey, hmacSha256Hex } from './hash.js';
export { createSecretBox, masterKeyId, MASTER_KEY_BYTES, type SecretBox } from './envelope.js';
export { loadOrCreateMasterKey, type MasterKeySource, type LoadedMasterKey } from './master-key.js';
export { describeCertificatePem, certificateFingerprint, type CertificateDescription } from './certificate.js';
export { createCertificateAuthority, issueCertificate, type PemPair, type IssueOptions, type KeySpec } from './ca.js';
export { loadOrCreateLocalTls, loadOrCreateCa, type LocalTls } from './local-tls.js';
export { newWebhookSecret, standardWebhookSignature, WEBHOOK_SECRET_PREFIX } from './standard-webhooks.js';
export { CRYPTO_ERRORS, type CryptoErrorCode } from './errors.js';
