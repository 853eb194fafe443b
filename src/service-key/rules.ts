/**
 * Rule ids and limits of the service-key format check. The F-rules are SAP's documented Landscape Management
 * upload check (docs/sap-sources.md §11); the W-rules are our own lint and never block an upload.
 * The ids appear in API responses and CLI output, so they are part of the contract: never renumber them.
 */
import { SERVICE_KEY_RULES } from './errors.js';

/** SAP's upload rules, in the order LM applies them: F1 -> F3 -> F4 -> F2 -> F5. */
export const RULE_F1_JSON = SERVICE_KEY_RULES.f1_json; // the content is a JSON object
export const RULE_F2_IDENTITY_ZONE = SERVICE_KEY_RULES.f2_identity_zone; // uaa.identityzone is this tenant's
export const RULE_F3_CLIENT_CREDENTIALS = SERVICE_KEY_RULES.f3_client_credentials; // uaa.clientid and uaa.clientsecret are present
export const RULE_F4_CREDENTIAL_TYPE = SERVICE_KEY_RULES.f4_credential_type; // uaa.credential-type is binding-secret or instance-secret
/** Checked by the Landscape Management slot (one key per tenant), not here: exported so both use one id. */
export const RULE_F5_SLOT_EMPTY = SERVICE_KEY_RULES.f5_slot_empty;

/** Our additions that refuse a file, though SAP documents neither. */
export const RULE_SIZE = SERVICE_KEY_RULES.size;
export const RULE_CERTIFICATE = SERVICE_KEY_RULES.certificate;

/** Lint warnings. */
export const WARN_WRAPPER = SERVICE_KEY_RULES.wrapper;
export const WARN_API_URL = SERVICE_KEY_RULES.api_url;
export const WARN_UAA_URL = SERVICE_KEY_RULES.uaa_url;
export const WARN_INSTANCE_SECRET = SERVICE_KEY_RULES.instance_secret;
export const WARN_API_ONLY_KEY = SERVICE_KEY_RULES.api_only_key;
export const WARN_SECRET_FORMAT = SERVICE_KEY_RULES.secret_format;
export const WARN_FIELD_TYPE = SERVICE_KEY_RULES.field_type;
export const WARN_IDENTITY_ZONE = SERVICE_KEY_RULES.identity_zone;
export const WARN_CERT_EXPIRED = SERVICE_KEY_RULES.cert_expired;
export const WARN_CERT_EXPIRING = SERVICE_KEY_RULES.cert_expiring;
export const WARN_CERT_NOT_YET_VALID = SERVICE_KEY_RULES.cert_not_yet_valid;

/**
 * A real key is about 2 KiB (an x509 key with a chain about 6 KiB). SAP states no limit; 64 KiB is ours,
 * generous for any key and small enough that a wrongly picked file is refused before it is read in full.
 */
export const MAX_SERVICE_KEY_BYTES = 65_536;

/** XSUAA issues x509 keys valid for 7 days by default, so "expires within a week" is worth a warning. */
export const CERTIFICATE_EXPIRY_WARNING_DAYS = 7;

/** The credential types LM accepts (F4). `instance-secret` is accepted but deprecated (W-instance-secret). */
export const ACCEPTED_CREDENTIAL_TYPES: readonly string[] = ['binding-secret', 'instance-secret'];
