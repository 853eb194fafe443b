/**
 * Warnings about a key that Landscape Management would accept but that is likely to disappoint later:
 * wrong URLs, a deprecated credential type, a key meant for API calls. They never block an upload, because
 * SAP's check does not refuse these keys and real landscapes have keys we cannot foresee.
 *
 * Not linted: SAP says not to upload "one-use" per-service keys, but nothing in a key's JSON tells a one-use
 * key from the regular one (the binding name, the only hint, is not part of the key), so there is no rule.
 */
import { jsonPath, type Problem } from '../shared/index.js';
import {
  badString,
  isJsonObject,
  jsonTypeName,
  objectOf,
  ownField,
  quote,
  quoteUrl,
  readString,
  stringOf,
  withArticle,
} from './fields.js';
import {
  WARN_API_ONLY_KEY,
  WARN_API_URL,
  WARN_FIELD_TYPE,
  WARN_IDENTITY_ZONE,
  WARN_INSTANCE_SECRET,
  WARN_SECRET_FORMAT,
  WARN_UAA_URL,
} from './rules.js';
import type { JsonObject } from './service-key.types.js';
import { isAlmApiUrl, isLocalApiUrl, isTokenUrlOfZone, parseUrl } from './urls.js';

export interface LintOptions {
  /** F2 reports a missing identity zone as an error when a tenant is known; warn only when it is not. */
  readonly tenantGiven: boolean;
}

const warn = (rule: string, path: string, message: string): Problem => ({ path, rule, message });

export function lintServiceKey(document: JsonObject, options: LintOptions): Problem[] {
  const uaa = objectOf(document, 'uaa');
  return [
    ...lintApiUrl(document, stringOf(uaa, 'uaadomain')),
    ...(uaa === undefined ? [] : lintUaa(uaa, options)),
    ...lintApiOnlyKey(document),
  ];
}

function lintUaa(uaa: JsonObject, options: LintOptions): Problem[] {
  const problems = [...lintTokenUrl(uaa)];
  const zone = readString(uaa, 'identityzone');
  if (!options.tenantGiven && zone.kind !== 'ok') {
    problems.push(
      warn(
        WARN_IDENTITY_ZONE,
        'uaa.identityzone',
        `${badString('uaa.identityzone', zone)} Landscape Management compares it with the tenant on upload (F2), so it will refuse this key.`,
      ),
    );
  }
  const credentialType = stringOf(uaa, 'credential-type');
  if (credentialType === 'instance-secret') {
    problems.push(
      // SAP BTP docs, "Service Instance Secrets" (loio 5578ec4) and "Rotating Instance Secrets" (loio 8bfbbf5).
      warn(
        WARN_INSTANCE_SECRET,
        'uaa.credential-type',
        'uaa.credential-type is "instance-secret", which XSUAA has deprecated and no longer accepts for new bindings or service keys (since 2026-01-19). All bindings of the instance share this one secret, and it stays valid as long as the instance exists: deleting this key does not revoke it, and it can be rotated only by replacing the instance. Move to a binding with credential type binding-secret when you can.',
      ),
    );
  }
  const secret = stringOf(uaa, 'clientsecret');
  if (credentialType === 'binding-secret' && secret !== undefined && !BINDING_SECRET.test(secret)) {
    // Never quote the secret: the message names only the shape it lacks.
    problems.push(
      warn(
        WARN_SECRET_FORMAT,
        'uaa.clientsecret',
        'For information: uaa.clientsecret does not have the usual binding-secret form <binding id>$<base64>. Copying a secret by hand can cut or change it; if Test fails with "Bad credentials", download the key again.',
      ),
    );
  }
  problems.push(...lintFieldTypes(uaa));
  return problems;
}

/** `<binding uuid>$<base64 or base64url>`, as XSUAA writes binding secrets. */
const BINDING_SECRET = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\$[A-Za-z0-9+/_-]+={0,2}$/i;

function lintApiUrl(document: JsonObject, uaaDomain: string | undefined): Problem[] {
  const endpoints = ownField(document, 'endpoints');
  const path = 'endpoints.Api';
  if (endpoints === undefined) {
    return [
      warn(
        WARN_API_URL,
        path,
        'endpoints.Api is missing. Landscape Management does not require it, but managed systems take their Root URL from it; a key downloaded from the BTP cockpit has it.',
      ),
    ];
  }
  if (!isJsonObject(endpoints)) {
    return [
      warn(
        WARN_API_URL,
        'endpoints',
        `endpoints must be an object holding the Api URL, but it is ${withArticle(jsonTypeName(endpoints))}.`,
      ),
    ];
  }
  const api = readString(endpoints, 'Api');
  if (api.kind !== 'ok')
    return [warn(WARN_API_URL, path, `${badString(path, api)} Managed systems take their Root URL from it.`)];
  const url = parseUrl(api.value);
  if (url === undefined) return [warn(WARN_API_URL, path, `endpoints.Api is ${quote(api.value)}, which is not a URL.`)];
  if (url.protocol !== 'https:') {
    return [
      warn(
        WARN_API_URL,
        path,
        `endpoints.Api is ${quoteUrl(url)}${notHttps(url)}: Cloud ALM serves its API over https only${url.protocol === 'http:' ? ', and bearer tokens must not travel unencrypted' : ''}.`,
      ),
    ];
  }
  if (isAlmApiUrl(url) || isLocalApiUrl(url, uaaDomain)) return [];
  return [
    warn(
      WARN_API_URL,
      path,
      `endpoints.Api is ${quoteUrl(url)}, which is not a Cloud ALM API URL (https://<region>.alm.cloud.sap/api or https://<tenant>.<region>.alm.cloud.sap/api). Check that this is an SAP Cloud ALM key.`,
    ),
  ];
}

/** Names a scheme other than http, which people do not read from the URL alone (file:, ftp:, data:). */
const notHttps = (url: URL): string =>
  url.protocol === 'http:' ? '' : `, which is a ${url.protocol} URL, not an https URL`;

function lintTokenUrl(uaa: JsonObject): Problem[] {
  const field = readString(uaa, 'url');
  const path = 'uaa.url';
  if (field.kind !== 'ok')
    return [
      warn(
        WARN_UAA_URL,
        path,
        `${badString(path, field)} The token endpoint is uaa.url + /oauth/token, so no client can sign in with this key.`,
      ),
    ];
  const url = parseUrl(field.value);
  if (url === undefined) return [warn(WARN_UAA_URL, path, `uaa.url is ${quote(field.value)}, which is not a URL.`)];
  if (url.protocol !== 'https:') {
    const why =
      url.protocol === 'http:'
        ? 'the client secret would travel unencrypted when a token is requested'
        : 'no token can be requested from it';
    return [
      warn(WARN_UAA_URL, path, `uaa.url is ${quoteUrl(url)}${notHttps(url)}: ${why}. XSUAA is reached over https.`),
    ];
  }
  const zone = stringOf(uaa, 'identityzone');
  if (zone === undefined || isTokenUrlOfZone(url, zone, stringOf(uaa, 'uaadomain'))) return [];
  return [
    warn(
      WARN_UAA_URL,
      path,
      `uaa.url host ${quote(url.host)} is not under the key's identity zone ${quote(zone)} (expected ${zone}.authentication.<region>.hana.ondemand.com). Tokens from another zone are not accepted for this key's tenant.`,
    ),
  ];
}

/**
 * Fields SAP's check ignores but clients read; a wrong type there breaks a client later, not the upload.
 * (clientid, clientsecret, credential-type and identityzone have rules of their own; url is linted above.)
 */
const STRING_FIELDS = [
  'identityzoneid',
  'tenantid',
  'tenantmode',
  'sburl',
  'apiurl',
  'verificationkey',
  'xsappname',
  'subaccountid',
  'uaadomain',
  'zoneid',
  'serviceInstanceId',
  'certurl',
  'key',
];

function lintFieldTypes(uaa: JsonObject): Problem[] {
  const problems: Problem[] = [];
  for (const name of STRING_FIELDS) {
    const field = readString(uaa, name);
    if (field.kind === 'wrong-type')
      problems.push(warn(WARN_FIELD_TYPE, `uaa.${name}`, badString(`uaa.${name}`, field)));
  }
  return problems;
}

const ANALYTICS_SCOPE = /calm-api\.(?:analytics|defects)\b/i;
const ANALYTICS_NAME = /(?:^|[^a-z])analytics(?:[^a-z]|$)/i;
const SCOPE_FIELD = /^(?:scopes?|authorities)$/i;

/**
 * SAP: do not upload keys for API calls such as the Analytics API. Real keys carry no scopes, so the signals
 * are the instance's name (`xsappname`, `clientid`) and any `scopes`/`authorities` a tool added to the JSON.
 */
function lintApiOnlyKey(document: JsonObject): Problem[] {
  const hits: string[] = [];
  const uaa = objectOf(document, 'uaa');
  for (const name of ['xsappname', 'clientid']) {
    const value = stringOf(uaa, name);
    // only the instance part: the master app after the '|' is SAP's, not the customer's choice
    if (value !== undefined && ANALYTICS_NAME.test(value.split('|')[0] ?? '')) hits.push(`uaa.${name}`);
  }
  collectScopeFields(document, [], hits, 0);
  const path = hits[0];
  if (path === undefined) return [];
  return [
    warn(
      WARN_API_ONLY_KEY,
      path,
      `This looks like a key for API calls such as the Analytics API (${hits.join(', ')}). SAP advises against uploading such keys to Landscape Management; upload the key your managed services and systems use for monitoring or transport management.`,
    ),
  ];
}

/** Walks at most a few levels: parse.ts bounds nesting, and scope lists sit at the top or in `uaa`. */
function collectScopeFields(value: unknown, path: string[], hits: string[], depth: number): void {
  if (depth > 4 || !isJsonObject(value)) return;
  for (const [name, child] of Object.entries(value)) {
    const childPath = [...path, name];
    if (SCOPE_FIELD.test(name) && mentionsAnalytics(child)) hits.push(jsonPath(childPath));
    else collectScopeFields(child, childPath, hits, depth + 1);
  }
}

function mentionsAnalytics(value: unknown): boolean {
  if (typeof value === 'string') return ANALYTICS_SCOPE.test(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && ANALYTICS_SCOPE.test(item));
}
