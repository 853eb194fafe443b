/** The service-key format: parse, validate (F1-F4 + lint), describe, redact. See README.md for the invariants. */
export { validateServiceKey } from './validate.js';
export { parseServiceKey, type ParseOutcome, type ParseOptions } from './parse.js';
export { describeServiceKey, type DescribeOptions } from './describe.js';
export {
  redactServiceKey,
  redactServiceKeyText,
  redactValidationReport,
  isSecretFieldName,
  SECRET_FIELD_NAMES,
  SECRET_MASK,
} from './redact.js';
export {
  RULE_F1_JSON,
  RULE_F2_IDENTITY_ZONE,
  RULE_F3_CLIENT_CREDENTIALS,
  RULE_F4_CREDENTIAL_TYPE,
  RULE_F5_SLOT_EMPTY,
  RULE_SIZE,
  RULE_CERTIFICATE,
  WARN_WRAPPER,
  WARN_API_URL,
  WARN_UAA_URL,
  WARN_INSTANCE_SECRET,
  WARN_API_ONLY_KEY,
  WARN_SECRET_FORMAT,
  WARN_FIELD_TYPE,
  WARN_IDENTITY_ZONE,
  WARN_CERT_EXPIRED,
  WARN_CERT_EXPIRING,
  WARN_CERT_NOT_YET_VALID,
  MAX_SERVICE_KEY_BYTES,
  CERTIFICATE_EXPIRY_WARNING_DAYS,
  ACCEPTED_CREDENTIAL_TYPES,
} from './rules.js';
export type {
  JsonObject,
  KeyWrapper,
  ParsedServiceKey,
  ValidatedServiceKey,
  ServiceKeySummary,
  CertificateSummary,
  ValidationReport,
  ValidateOptions,
  PublicValidationReport,
} from './service-key.types.js';
export { SERVICE_KEY_RULES, type ServiceKeyRuleId } from './errors.js';
export {
  certificateExpiry,
  reachedThreshold,
  thresholdsCoveredBy,
  chainNotAfter,
  describeCertificateExpiry,
  CERTIFICATE_EXPIRY_THRESHOLDS,
  CERTIFICATE_EXPIRY_STATES,
  type CertificateExpiry,
  type CertificateExpiryState,
  type CertificateExpiryThreshold,
} from './certificate-expiry.js';
