/**
 * The rule ids a service-key check reports in each problem's `rule`, in one typed catalogue like
 * landscape/errors.ts: SAP's upload rules F1-F5, our refusals, and our lint warnings (rules.ts explains each
 * and keeps its named constants). They appear in API answers and CLI output: never renumber them. This file
 * imports nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const SERVICE_KEY_RULES = {
  f1_json: 'F1',
  f2_identity_zone: 'F2',
  f3_client_credentials: 'F3',
  f4_credential_type: 'F4',
  f5_slot_empty: 'F5',
  size: 'size',
  certificate: 'certificate',
  /** A bug in a check, reported as one error instead of an exception (validate.ts). */
  internal: 'internal',
  wrapper: 'W-wrapper',
  api_url: 'W-api-url',
  uaa_url: 'W-uaa-url',
  instance_secret: 'W-instance-secret',
  api_only_key: 'W-api-only-key',
  secret_format: 'W-secret-format',
  field_type: 'W-field-type',
  identity_zone: 'W-identityzone',
  cert_expired: 'W-cert-expired',
  cert_expiring: 'W-cert-expiring',
  cert_not_yet_valid: 'W-cert-not-yet-valid',
} as const;

export type ServiceKeyRuleId = (typeof SERVICE_KEY_RULES)[keyof typeof SERVICE_KEY_RULES];
