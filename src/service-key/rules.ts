/**
 * Rule ids and limits of the service-key format check. The F-rules are SAP's documented Landscape Management
 * upload check (docs/sap-sources.md §11); the W-rules are our own lint and never block an upload.
 * The ids appear in API responses and CLI output, so they are part of the contract: never renumber them.
 */

/** SAP's upload rules, in the order LM applies them: F1 -> F3 -> F4 -> F2 -> F5. */
export const RULE_F1_JSON = 'F1'; // the content is a JSON object
export const RULE_F2_IDENTITY_ZONE = 'F2'; // uaa.identityzone is this tenant's
export const RULE_F3_CLIENT_CREDENTIALS = 'F3'; // uaa.clientid and uaa.clientsecret are present
export const RULE_F4_CREDENTIAL_TYPE = 'F4'; // uaa.credential-type is binding-secret or instance-secret
/** Checked by the Landscape Management slot (one key per tenant), not here: exported so both use one id. */
export const RULE_F5_SLOT_EMPTY = 'F5';

/** Our additions that refuse a file, though SAP documents neither. */
export const RULE_SIZE = 'size';
export const RULE_CERTIFICATE = 'certificate';

/** Lint warnings. */
export const WARN_WRAPPER = 'W-wrapper';
export const WARN_API_URL = 'W-api-url';
export const WARN_UAA_URL = 'W-uaa-url';
export const WARN_INSTANCE_SECRET = 'W-instance-secret';
export const WARN_API_ONLY_KEY = 'W-api-only-key';
export const WARN_SECRET_FORMAT = 'W-secret-format';
export const WARN_FIELD_TYPE = 'W-field-type';
export const WARN_IDENTITY_ZONE = 'W-identityzone';
export const WARN_CERT_EXPIRED = 'W-cert-expired';
export const WARN_CERT_EXPIRING = 'W-cert-expiring';
export const WARN_CERT_NOT_YET_VALID = 'W-cert-not-yet-valid';

/**
 * A real key is about 2 KiB (an x509 key with a chain about 6 KiB). SAP states no limit; 64 KiB is ours,
 * generous for any key and small enough that a wrongly picked file is refused before it is read in full.
 */
export const MAX_SERVICE_KEY_BYTES = 65_536;

/** XSUAA issues x509 keys valid for 7 days by default, so "expires within a week" is worth a warning. */
export const CERTIFICATE_EXPIRY_WARNING_DAYS = 7;

/** The credential types LM accepts (F4). `instance-secret` is accepted but deprecated (W-instance-secret). */
export const ACCEPTED_CREDENTIAL_TYPES: readonly string[] = ['binding-secret', 'instance-secret'];
