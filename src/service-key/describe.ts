/**
 * A display summary of a key: the values a person copies into a managed system (token URL, client id, API
 * URL) and what identifies the key (zone, instance, certificate). Tolerates any shape: a field that is
 * missing or of the wrong type is left out, so a summary can be shown for keys that fail the check.
 */
import { describeChain } from './certificates.js';
import { isJsonObject, objectOf, stringOf } from './fields.js';
import type { JsonObject, ServiceKeySummary } from './service-key.types.js';

export interface DescribeOptions {
  /** For the certificates' expired / not-yet-valid flags; defaults to the current time. */
  readonly now?: Date;
}

/** Summarises a key document (the object, not the text; see parseServiceKey). Holds no secret material. */
export function describeServiceKey(key: JsonObject, options: DescribeOptions = {}): ServiceKeySummary {
  const document = isJsonObject(key) ? key : {};
  const uaa = objectOf(document, 'uaa');
  const certificate = stringOf(uaa, 'certificate');
  const chain = certificate === undefined ? undefined : describeChain(certificate, options.now ?? new Date());
  const summary: ServiceKeySummary = {
    clientId: stringOf(uaa, 'clientid'),
    identityZone: stringOf(uaa, 'identityzone'),
    identityZoneId: stringOf(uaa, 'identityzoneid'),
    subaccountId: stringOf(uaa, 'subaccountid'),
    serviceInstanceId: stringOf(uaa, 'serviceInstanceId'),
    credentialType: stringOf(uaa, 'credential-type'),
    tokenUrl: tokenEndpoint(stringOf(uaa, 'url')),
    certTokenUrl: tokenEndpoint(stringOf(uaa, 'certurl')),
    apiUrl: stringOf(objectOf(document, 'endpoints'), 'Api'),
    uaaDomain: stringOf(uaa, 'uaadomain'),
    xsappname: stringOf(uaa, 'xsappname'),
    hasClientSecret: stringOf(uaa, 'clientsecret') !== undefined,
    certificates: chain?.ok === true ? chain.certificates : undefined,
    certificateError: chain?.ok === false ? chain.reason : undefined,
  };
  return withoutUndefined(summary);
}

/** XSUAA's token endpoint is the base URL + /oauth/token; a trailing slash in the key must not double it. */
function tokenEndpoint(base: string | undefined): string | undefined {
  return base === undefined ? undefined : `${base.replace(/\/+$/, '')}/oauth/token`;
}

/** Absent fields are left out rather than set to undefined, so `'certificates' in summary` means something. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
