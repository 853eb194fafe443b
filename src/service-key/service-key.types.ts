/** The shapes this module hands out. The key itself stays an open JSON object: unknown fields are kept. */
import type { CertificateDescription } from '../crypto/index.js';
import type { Problem } from '../shared/index.js';

/** A parsed JSON object. Fields are read with own-property checks only (see fields.ts). */
export type JsonObject = { readonly [field: string]: unknown };

/** Where the key was found inside the uploaded document, when it was wrapped. */
export type KeyWrapper = 'credentials';

export interface ParsedServiceKey {
  /**
   * The text exactly as received (a leading BOM and CRLF line ends included). Encoded as UTF-8 it gives back
   * the uploaded bytes, so a download returns what was uploaded, byte for byte.
   */
  readonly raw: string;
  /** The key object (inside the wrapper when there was one), with every field, known or not. */
  readonly document: JsonObject;
  /** Set when the key was unwrapped from cf CLI v8 `{"credentials": {...}}` output. */
  readonly wrapper?: KeyWrapper;
  /**
   * The key alone as text: `raw` when there was no wrapper, otherwise the inner object pretty-printed. Lets a
   * caller store or hand on a key that managed systems can paste as is.
   */
  readonly keyText: string;
}

export interface CertificateSummary extends CertificateDescription {
  readonly expired: boolean;
  readonly notYetValid: boolean;
}

/** What a person needs to recognise a key and set up a client with it. Never holds secret material. */
export interface ServiceKeySummary {
  readonly clientId?: string;
  readonly identityZone?: string;
  readonly identityZoneId?: string;
  readonly subaccountId?: string;
  readonly serviceInstanceId?: string;
  readonly credentialType?: string;
  /** `uaa.url` + `/oauth/token`. */
  readonly tokenUrl?: string;
  /** `uaa.certurl` + `/oauth/token`, the mTLS token endpoint of x509 keys. */
  readonly certTokenUrl?: string;
  readonly apiUrl?: string;
  readonly uaaDomain?: string;
  readonly xsappname?: string;
  readonly hasClientSecret: boolean;
  /** The `uaa.certificate` chain, leaf first, when the key has one and it parses. */
  readonly certificates?: readonly CertificateSummary[];
  /** Why `uaa.certificate` could not be read, when the key has one that does not parse. */
  readonly certificateError?: string;
}

export interface ValidatedServiceKey extends ParsedServiceKey {
  readonly summary: ServiceKeySummary;
}

export interface ValidationReport {
  /** True when `errors` is empty: LM would accept the file (apart from F5, which the slot checks). */
  readonly valid: boolean;
  /** In rule order (size/F1, F3, F4, F2, certificate); each names its rule and JSON path. */
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** Present whenever the input was a JSON object, even when rules failed, so callers can show what it was. */
  readonly key?: ValidatedServiceKey;
}

export interface ValidateOptions {
  /** The tenant's identity zone (subaccount subdomain). When given, F2 is checked. */
  readonly tenantIdentityZone?: string;
  /** For certificate expiry; defaults to the current time. */
  readonly now?: Date;
  /**
   * The full size of the file when `input` holds only its first bytes: readers stop after
   * MAX_SERVICE_KEY_BYTES + 1 bytes, and the size message should still name the real size.
   */
  readonly totalBytes?: number;
}

/** A report safe to print, log or return over HTTP: no raw text, no key document, no secret. */
export interface PublicValidationReport {
  readonly valid: boolean;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  readonly wrapper?: KeyWrapper;
  readonly summary?: ServiceKeySummary;
}
