/**
 * SAP's upload rules F3, F4 and F2 over a parsed key (F1 is parse.ts, F5 is the Landscape slot's). Each rule
 * reports every problem it finds, each at its JSON path, in a sentence that says what to do next.
 */
import type { Problem } from '../shared/index.js';
import {
  badString,
  hasOwnField,
  isJsonObject,
  jsonTypeName,
  ownField,
  quote,
  readString,
  stringOf,
  withArticle,
} from './fields.js';
import {
  ACCEPTED_CREDENTIAL_TYPES,
  RULE_F2_IDENTITY_ZONE,
  RULE_F3_CLIENT_CREDENTIALS,
  RULE_F4_CREDENTIAL_TYPE,
} from './rules.js';
import type { JsonObject } from './service-key.types.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const NEW_BINDING = 'Create a binding with credential type binding-secret in the BTP cockpit and download its key.';

/** F3: `uaa` is an object with non-empty string `clientid` and `clientsecret`. */
export function checkClientCredentials(document: JsonObject): Problem[] {
  const f3 = (path: string, message: string): Problem => ({ path, rule: RULE_F3_CLIENT_CREDENTIALS, message });
  const uaa = ownField(document, 'uaa');
  if (uaa === undefined) {
    return [
      f3(
        'uaa',
        'The key has no "uaa" object, which holds the client credentials (clientid, clientsecret). Is this an SAP Cloud ALM service key? Download it from the BTP cockpit: instance > Credentials > Download.',
      ),
    ];
  }
  if (!isJsonObject(uaa)) {
    return [
      f3('uaa', `"uaa" must be an object holding the client credentials, but it is ${withArticle(jsonTypeName(uaa))}.`),
    ];
  }
  const problems: Problem[] = [];
  const clientId = readString(uaa, 'clientid');
  if (clientId.kind !== 'ok') {
    problems.push(
      f3(
        'uaa.clientid',
        `${badString('uaa.clientid', clientId)} Landscape Management needs the client id (sb-...) to request tokens.`,
      ),
    );
  } else if (CONTROL_CHARACTER.test(clientId.value)) {
    problems.push(
      f3(
        'uaa.clientid',
        'uaa.clientid contains a control character; a client id (sb-...) is plain text. Download the key again from the BTP cockpit.',
      ),
    );
  }
  const secret = readString(uaa, 'clientsecret');
  if (secret.kind === 'missing' && isX509Key(uaa)) {
    const evidence =
      stringOf(uaa, 'credential-type') === 'x509' ? 'credential-type x509' : 'it has a certificate instead of a secret';
    problems.push(
      f3(
        'uaa.clientsecret',
        `This is an X.509 key (${evidence}): Landscape Management accepts only keys with a client secret. Create a binding with credential type binding-secret in the BTP cockpit.`,
      ),
    );
  } else if (secret.kind === 'missing') {
    problems.push(
      f3(
        'uaa.clientsecret',
        `uaa.clientsecret is missing: Landscape Management accepts only keys with a client secret, and a binding created with "hide-secret" leaves it out. ${NEW_BINDING}`,
      ),
    );
  } else if (secret.kind !== 'ok') {
    problems.push(
      f3(
        'uaa.clientsecret',
        `${badString('uaa.clientsecret', secret)} Landscape Management needs the client secret to request tokens; download the key again from the BTP cockpit.`,
      ),
    );
  }
  return problems;
}

/** F4: `uaa.credential-type` is binding-secret or instance-secret. */
export function checkCredentialType(document: JsonObject): Problem[] {
  const uaa = ownField(document, 'uaa');
  if (!isJsonObject(uaa)) return []; // F3 has said what is wrong with uaa
  const field = readString(uaa, 'credential-type');
  const accepted = 'Landscape Management accepts only "binding-secret" or "instance-secret"';
  let message: string | undefined;
  if (field.kind === 'missing') {
    message = `uaa.credential-type is missing: ${accepted}. Download the key again from the BTP cockpit, which writes this field.`;
  } else if (field.kind !== 'ok') {
    message = `${badString('uaa.credential-type', field)} ${accepted}.`;
  } else if (field.value === 'x509') {
    message = `uaa.credential-type is "x509": ${accepted}. An X.509 key signs in with a certificate, which Landscape Management cannot use. ${NEW_BINDING}`;
  } else if (!ACCEPTED_CREDENTIAL_TYPES.includes(field.value)) {
    const caseHint = ACCEPTED_CREDENTIAL_TYPES.includes(field.value.toLowerCase())
      ? ' (the value is case-sensitive)'
      : '';
    message = `uaa.credential-type is ${quote(field.value)}: ${accepted}${caseHint}.`;
  }
  return message === undefined ? [] : [{ path: 'uaa.credential-type', rule: RULE_F4_CREDENTIAL_TYPE, message }];
}

/** F2: the key belongs to this tenant: `uaa.identityzone` equals the tenant's identity zone (its subdomain). */
export function checkIdentityZone(document: JsonObject, tenantIdentityZone: string): Problem[] {
  const uaa = ownField(document, 'uaa');
  if (!isJsonObject(uaa)) return []; // nothing readable to compare; F3 has reported uaa
  const field = readString(uaa, 'identityzone');
  const tenant = quote(tenantIdentityZone);
  let message: string | undefined;
  if (field.kind === 'ok' && field.value !== tenantIdentityZone) {
    message = `The key belongs to identity zone ${quote(field.value)}, but this tenant is ${tenant}. Upload the key from this tenant's own subaccount (subdomain ${tenant}).`;
  } else if (field.kind !== 'ok') {
    message = `${badString('uaa.identityzone', field)} It names the subaccount the key belongs to, so the key cannot be matched to this tenant (${tenant}).`;
  }
  return message === undefined ? [] : [{ path: 'uaa.identityzone', rule: RULE_F2_IDENTITY_ZONE, message }];
}

/** An x509 key carries `certificate` + `key` (and `certurl`) where a secret key carries `clientsecret`. */
export function isX509Key(uaa: JsonObject): boolean {
  return stringOf(uaa, 'credential-type') === 'x509' || hasOwnField(uaa, 'certificate') || hasOwnField(uaa, 'key');
}
